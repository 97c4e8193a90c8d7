package dev.cortado.cri.daemon;

import dev.cortado.cri.config.CortadoConfig;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import sun.misc.Signal;

/** {@code cortado daemon}: serves CRI until SIGTERM or SIGINT, then shuts down cleanly. */
@Command(name = "daemon", mixinStandardHelpOptions = true, description = "Run the CRI server.")
final class DaemonCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(DaemonCommand.class);

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws InterruptedException {
        CortadoConfig cfg = config.load();
        Logging.configure(cfg.log().level());
        CountDownLatch stop = new CountDownLatch(1);
        // sun.misc.Signal is the only JDK way to turn SIGTERM into an orderly exit with status 0
        // (a shutdown hook alone exits 143, which supervisors count as a failure).
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        Signal.handle(new Signal("INT"), s -> stop.countDown());
        try (Daemon daemon = Daemon.start(cfg, System.getenv())) {
            Runtime.getRuntime().addShutdownHook(new Thread(daemon::close, "cortado-shutdown"));
            LOG.info("cortado {} started (config {})", dev.cortado.cri.status.RuntimeVersion.current().runtimeVersion(),
                    config.file);
            stop.await();
            LOG.info("signal received, shutting down");
        }
        return 0;
    }
}

package dev.cortado.cri.daemon;

import dev.cortado.cri.config.CortadoConfig;
import dev.cortado.cri.status.RuntimeVersion;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

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
        TermSignals.on(List.of("TERM", "INT"), stop::countDown); // an orderly exit with status 0
        try (Daemon daemon = Daemon.start(cfg, System.getenv())) {
            Runtime.getRuntime().addShutdownHook(new Thread(daemon::close, "cortado-shutdown"));
            LOG.info(
                    "cortado {} started ({})",
                    RuntimeVersion.current().runtimeVersion(),
                    Files.exists(config.file) ? "config " + config.file : "embedded defaults; no " + config.file);
            stop.await();
            LOG.info("signal received, shutting down");
        }
        return 0;
    }
}

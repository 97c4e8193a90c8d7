package dev.cortado.cri.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.cortado.cri.linux.NativeFifos;
import dev.cortado.cri.logs.ContainerIo.LogCopier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A full disk under the log (a 64 KiB tmpfs): the copier keeps draining, so the container never
 * blocks, warns once, drops what does not fit, and leaves only whole records in the file.
 */
class LogDiskFullTest {
    @TempDir
    Path dir;

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
    }

    @Test
    void fullDisk_keepsDraining_warnsOnce_andLeavesWholeRecords() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting a tmpfs needs root");
        Path mnt = Files.createDirectory(dir.resolve("tiny"));
        run("mount", "-t", "tmpfs", "-o", "size=64k", "ctr-logs-tmpfs", mnt.toString());
        Logger logger = (Logger) LoggerFactory.getLogger(LogFile.class);
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        logger.addAppender(events);
        try (ShimFifos shim = new ShimFifos(dir, "full")) {
            Path log = mnt.resolve("pod/0.log");
            ContainerIo io = new FifoContainerIo(new NativeFifos(), LogLoops.SHARED, Clock.systemDefaultZone(), 16384);
            try (LogCopier copier =
                    io.copyToLog("ctr-logs-full", shim.stdout, Optional.of(shim.stderr), Optional.of(log))) {
                NumberedWriter out = new NumberedWriter(shim.stdout, "out", 40_000);
                NumberedWriter err = new NumberedWriter(shim.stderr, "err", 40_000);
                out.start();
                err.start();
                out.finish();
                err.finish();
                assertThat(copier.awaitDrained(Duration.ofSeconds(30))).isTrue();
            }
            assertThat(Files.size(log)).isBetween(1L, 64L * 1024);
            CriLogRecords recs = CriLogRecords.read(log); // strict: a torn record fails the parse
            assertThat(recs.records()).isNotEmpty();
            CriLogRecords.Rec first = recs.records().get(0);
            assertThat(first.content())
                    .isEqualTo(NumberedWriter.line(first.stream().equals("stdout") ? "out" : "err", 0));
        } finally {
            logger.detachAppender(events);
            run("umount", mnt.toString());
        }
        assertThat(events.list)
                .filteredOn(e -> e.getLevel() == Level.WARN)
                .hasSize(1)
                .allSatisfy(e -> assertThat(e.getFormattedMessage())
                        .contains("ctr-logs-full")
                        .contains("0.log"));
    }
}

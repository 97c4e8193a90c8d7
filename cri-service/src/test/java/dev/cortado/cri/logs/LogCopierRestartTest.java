package dev.cortado.cri.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.cri.linux.NativeFifos;
import dev.cortado.cri.logs.ContainerIo.LogCopier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Copies that stop and start under a writer: a cortado restart (copier closed, the shim keeps
 * the fifos and the container keeps writing), a container that exits while no copier runs, and
 * kubelet's rotation (rename, ReopenContainerLog). Every line lands exactly once, in order.
 */
class LogCopierRestartTest {
    private static final Duration DRAIN = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final ContainerIo io =
            new FifoContainerIo(new NativeFifos(), LogLoops.SHARED, Clock.systemDefaultZone(), 1000);

    private LogCopier copy(ShimFifos shim, Path log) {
        return io.copyToLog("ctr-logs-restart", shim.stdout, Optional.of(shim.stderr), Optional.of(log));
    }

    private static void awaitSize(Path log, long bytes) throws Exception {
        long deadline = System.nanoTime() + DRAIN.toNanos();
        while (Files.size(log) < bytes) {
            assertThat(System.nanoTime()).as("log reaches " + bytes + " bytes").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @Test
    void restart_newCopierPicksUpWhatTheRunningContainerWroteMeanwhile() throws Exception {
        Path log = dir.resolve("0.log");
        try (ShimFifos shim = new ShimFifos(dir, "run")) {
            LogCopier first = copy(shim, log);
            NumberedWriter out = new NumberedWriter(shim.stdout, "out", 20_000);
            NumberedWriter err = new NumberedWriter(shim.stderr, "err", 20_000);
            out.start();
            err.start();
            awaitSize(log, 100_000);
            first.close();
            long sizeWhileDown = Files.size(log);
            Thread.sleep(200);
            assertThat(Files.size(log))
                    .as("nothing written while no copier runs")
                    .isEqualTo(sizeWhileDown);
            assertThat(out.isAlive() || err.isAlive())
                    .as("a writer is blocked on its full pipe")
                    .isTrue();
            try (LogCopier second = copy(shim, log)) {
                out.finish();
                err.finish();
                assertThat(second.awaitDrained(DRAIN)).isTrue();
            }
            CriLogRecords recs = CriLogRecords.read(log);
            assertThat(recs.lines("stdout")).isEqualTo(out.expected());
            assertThat(recs.lines("stderr")).isEqualTo(err.expected());
        }
    }

    @Test
    void containerExitedWhileNoCopierRan_leftoversAreReadThenEof() throws Exception {
        Path log = dir.resolve("0.log");
        try (ShimFifos shim = new ShimFifos(dir, "exited")) {
            LogCopier first = copy(shim, log);
            ShimFifos.writeAndClose(shim.stderr, "before restart\n");
            try (var out = ShimFifos.writer(shim.stdout)) {
                out.write("first half\nsecond ".getBytes());
                out.flush();
                awaitSize(log, 1);
                Thread.sleep(100);
                first.close();
                out.write("half\n".repeat(3000).getBytes());
                out.write("no newline at exit".getBytes());
            }
            try (LogCopier second = copy(shim, log)) {
                // stdout ends on its own (its leftovers prove a writer was there); stderr's empty
                // pipe looks like a writer still to come until the task's exit is known
                assertThat(second.awaitDrained(Duration.ofMillis(500))).isFalse();
                second.taskExited();
                assertThat(second.awaitDrained(DRAIN)).isTrue();
            }
            CriLogRecords recs = CriLogRecords.read(log);
            List<String> expected = new ArrayList<>(List.of("first half", "second half"));
            expected.addAll(java.util.Collections.nCopies(2999, "half"));
            expected.add("no newline at exit");
            assertThat(recs.lines("stdout")).isEqualTo(expected);
            assertThat(recs.tagged("stdout").get(recs.tagged("stdout").size() - 1))
                    .isEqualTo("P no newline at exit");
            assertThat(recs.lines("stderr")).containsExactly("before restart");
        }
    }

    @Test
    void reopenUnderLoad_losesAndDoublesNothing() throws Exception {
        Path log = dir.resolve("0.log");
        List<Path> files = new ArrayList<>();
        try (ShimFifos shim = new ShimFifos(dir, "rotate")) {
            NumberedWriter out = new NumberedWriter(shim.stdout, "out", 5_000);
            NumberedWriter err = new NumberedWriter(shim.stderr, "err", 5_000);
            try (LogCopier copier = copy(shim, log)) {
                out.start();
                err.start();
                for (int i = 1; i <= 6; i++) {
                    awaitSize(log, 20_000);
                    Path rotated = dir.resolve("0.log." + i);
                    Files.move(log, rotated);
                    files.add(rotated);
                    copier.reopen();
                    assertThat(out.isAlive() && err.isAlive())
                            .as("writers still running at reopen " + i)
                            .isTrue();
                }
                out.finish();
                err.finish();
                assertThat(copier.awaitDrained(DRAIN)).isTrue();
            }
            files.add(log);
            CriLogRecords recs = CriLogRecords.read(files.toArray(Path[]::new));
            assertThat(recs.lines("stdout")).isEqualTo(out.expected());
            assertThat(recs.lines("stderr")).isEqualTo(err.expected());
            for (Path f : files) {
                assertThat(Files.size(f)).as(f.toString()).isPositive();
            }
        }
    }
}

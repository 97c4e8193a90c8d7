package dev.cortado.cri.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.cri.linux.NativeFifos;
import dev.cortado.cri.logs.ContainerIo.LogCopier;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Container output through real fifos into the CRI log file, byte for byte as containerd writes it. */
class FifoContainerIoTest {
    private static final Duration DRAIN = Duration.ofSeconds(20);
    private static final Clock FIXED = Clock.fixed(Instant.parse("2026-12-03T12:00:00.5Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : cleanup) {
            c.close();
        }
    }

    private ShimFifos shim(String name) throws IOException {
        ShimFifos s = new ShimFifos(dir, name);
        cleanup.add(s);
        return s;
    }

    private LogCopier copy(ContainerIo io, ShimFifos shim, boolean tty, Path log) {
        LogCopier c = io.copyToLog(
                "ctr-logs-c1", shim.stdout, tty ? Optional.empty() : Optional.of(shim.stderr), Optional.of(log));
        cleanup.add(0, c);
        return c;
    }

    @Test
    void ttyOutputFromAChildProcess_isExactlyContainerdsRecords() throws Exception {
        ShimFifos shim = shim("golden");
        Path log = dir.resolve("golden.log");
        LogCopier copier = copy(new FifoContainerIo(new NativeFifos(), LogLoops.SHARED, FIXED, 16384), shim, true, log);
        Process p = new ProcessBuilder(
                        "sh",
                        "-c",
                        "printf 'plain\\n\\ncrlf\\r\\nlone\\rcr\\n\\001\\377 bin\\nno newline' > \"$0\"",
                        shim.stdout.toString())
                .start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(copier.awaitDrained(DRAIN)).isTrue();
        String ts = "2026-12-03T12:00:00.5Z stdout ";
        assertThat(Files.readString(log, StandardCharsets.ISO_8859_1))
                .isEqualTo(ts + "F plain\n" + ts + "F \n" + ts + "F crlf\n" + ts + "F lone\rcr\n" + ts
                        + "F \u0001\u00ff bin\n" + ts + "P no newline\n");
    }

    @Test
    void linesOver16KiB_splitIntoPartials_andExactly16KiBStaysWhole() throws Exception {
        ShimFifos shim = shim("split");
        Path log = dir.resolve("split.log");
        LogCopier copier = copy(
                new FifoContainerIo(new NativeFifos(), LogLoops.SHARED, FIXED, FifoContainerIo.DEFAULT_MAX_LINE_BYTES),
                shim,
                false,
                log);
        String exact = "a".repeat(16384);
        String over = "b".repeat(16384) + "c";
        String big = "d".repeat(3 * 16384);
        ShimFifos.writeAndClose(shim.stdout, exact + "\n" + over + "\n" + big + "\n");
        ShimFifos.writeAndClose(shim.stderr, "");
        assertThat(copier.awaitDrained(DRAIN)).isTrue();
        CriLogRecords recs = CriLogRecords.read(log);
        String d = "d".repeat(16384);
        assertThat(recs.tagged("stdout"))
                .containsExactly("F " + exact, "P " + "b".repeat(16384), "F c", "P " + d, "P " + d, "F " + d);
        assertThat(recs.tagged("stderr")).isEmpty();
    }

    @Test
    void stdoutAndStderr_interleaveOnlyBetweenLines() throws Exception {
        ShimFifos shim = shim("mix");
        Path log = dir.resolve("mix.log");
        LogCopier copier = copy(
                new FifoContainerIo(new NativeFifos(), LogLoops.SHARED, Clock.systemDefaultZone(), 1000),
                shim,
                false,
                log);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            expected.add(i + ":" + "x".repeat(i % 7 == 0 ? 2500 : i % 300));
        }
        Thread out =
                new Thread(() -> ShimFifos.writeAndClose(shim.stdout, "out " + String.join("\nout ", expected) + "\n"));
        Thread err =
                new Thread(() -> ShimFifos.writeAndClose(shim.stderr, "err " + String.join("\nerr ", expected) + "\n"));
        out.start();
        err.start();
        out.join();
        err.join();
        assertThat(copier.awaitDrained(DRAIN)).isTrue();
        CriLogRecords recs = CriLogRecords.read(log);
        assertThat(recs.lines("stdout"))
                .isEqualTo(expected.stream().map(s -> "out " + s).toList());
        assertThat(recs.lines("stderr"))
                .isEqualTo(expected.stream().map(s -> "err " + s).toList());
        assertThat(recs.records().stream().map(CriLogRecords.Rec::stream).distinct())
                .containsExactlyInAnyOrder("stdout", "stderr");
    }

    @Test
    @SuppressWarnings("try") // the resource is held open for the body (or closed early on purpose)
    void copierStartedBeforeTheWriter_waitsForIt() throws Exception {
        Path dirFifos = Files.createDirectory(dir.resolve("early"));
        ShimFifos shim = new ShimFifos(dirFifos, "c");
        shim.close(); // no spare read ends: the copier is the only reader, as before the shim's Create
        Path log = dir.resolve("early.log");
        LogCopier copier =
                copy(new FifoContainerIo(new NativeFifos(), LogLoops.SHARED, FIXED, 16384), shim, false, log);
        assertThat(copier.awaitDrained(Duration.ofMillis(300))).isFalse();
        try (OutputStream o = ShimFifos.writer(shim.stdout);
                OutputStream e = ShimFifos.writer(shim.stderr)) {
            Thread.sleep(100);
            assertThat(copier.awaitDrained(Duration.ofMillis(100))).isFalse();
            o.write("late\n".getBytes(StandardCharsets.US_ASCII));
        }
        assertThat(copier.awaitDrained(DRAIN)).isTrue();
        assertThat(CriLogRecords.read(log).tagged("stdout")).containsExactly("F late");
    }

    @Test
    void noLogPath_drainsWithoutWriting() throws Exception {
        ShimFifos shim = shim("nolog");
        LogCopier copier = new FifoContainerIo(new NativeFifos(), LogLoops.SHARED, FIXED, 16384)
                .copyToLog("ctr-logs-c2", shim.stdout, Optional.of(shim.stderr), Optional.empty());
        cleanup.add(0, copier);
        ShimFifos.writeAndClose(shim.stdout, "x\n".repeat(100_000));
        ShimFifos.writeAndClose(shim.stderr, "y\n");
        assertThat(copier.awaitDrained(DRAIN)).isTrue();
        copier.reopen();
    }

    @Test
    void logFile_isCreated0640_withMissingParentsAsContainerdDoes() throws Exception {
        ShimFifos shim = shim("perm");
        Path log = dir.resolve("pods/ns_pod_uid/ctr/0.log");
        copy(new FifoContainerIo(new NativeFifos(), LogLoops.SHARED, FIXED, 16384), shim, false, log)
                .close();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log)))
                .isEqualTo("rw-r-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log.getParent())))
                .isEqualTo("rwxr-xr-x");
    }

    @Test
    void logPathUnderAFile_failsPreconditionNamingIt_andClosesNothingOpen() throws Exception {
        ShimFifos shim = shim("bad");
        Files.writeString(dir.resolve("file"), "");
        Path log = dir.resolve("file/0.log");
        ContainerIo io = new FifoContainerIo(new NativeFifos(), LogLoops.SHARED, FIXED, 16384);
        assertThatThrownBy(() -> io.copyToLog("ctr-logs-c3", shim.stdout, Optional.empty(), Optional.of(log)))
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.FAILED_PRECONDITION))
                .hasMessageContaining(log.toString())
                .hasMessageContaining("ctr-logs-c3");
        assertThatThrownBy(() ->
                        io.copyToLog("ctr-logs-c3", shim.stdout, Optional.empty(), Optional.of(Path.of("rel/0.log"))))
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                .hasMessageContaining("rel/0.log");
    }

    @Test
    void missingFifo_failsAndClosesTheLogFile() throws Exception {
        ShimFifos shim = shim("gone");
        Path log = dir.resolve("gone.log");
        ContainerIo io = new FifoContainerIo(new NativeFifos(), LogLoops.SHARED, FIXED, 16384);
        long fdsBefore = openFds();
        assertThatThrownBy(() ->
                        io.copyToLog("ctr-logs-c4", shim.stdout, Optional.of(dir.resolve("nope")), Optional.of(log)))
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INTERNAL))
                .hasMessageContaining(dir.resolve("nope").toString());
        assertThat(openFds())
                .as("the stdout fifo opened before is closed again")
                .isEqualTo(fdsBefore);
    }

    private static long openFds() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    @Test
    void twentyContainers_addNoThread_andEachLogGetsItsOwnLines() throws Exception {
        ContainerIo io = new FifoContainerIo(new NativeFifos(), LogLoops.SHARED, FIXED, 16384);
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        List<ShimFifos> shims = new ArrayList<>();
        List<LogCopier> copiers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ShimFifos shim = shim("many" + i);
            shims.add(shim);
            LogCopier c = io.copyToLog(
                    "ctr-many-" + i,
                    shim.stdout,
                    Optional.of(shim.stderr),
                    Optional.of(dir.resolve("many" + i + ".log")));
            cleanup.add(0, c);
            copiers.add(c);
        }
        List<String> added = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.isAlive())
                .map(Thread::getName)
                .toList();
        assertThat(added).as("threads started for 20 running log copies").isEmpty();

        for (int i = 0; i < 20; i++) {
            ShimFifos.writeAndClose(shims.get(i).stdout, "hello " + i + "\n");
            ShimFifos.writeAndClose(shims.get(i).stderr, "oops " + i + "\n");
        }
        for (int i = 0; i < 20; i++) {
            assertThat(copiers.get(i).awaitDrained(DRAIN)).isTrue();
            CriLogRecords recs = CriLogRecords.read(dir.resolve("many" + i + ".log"));
            assertThat(recs.tagged("stdout")).containsExactly("F hello " + i);
            assertThat(recs.tagged("stderr")).containsExactly("F oops " + i);
        }
    }

    @Test
    void reopen_failingKeepsTheOldFile_andAfterCloseIsAPreconditionFailure() throws Exception {
        ShimFifos shim = shim("reopen");
        Path logDir = Files.createDirectory(dir.resolve("reopen-dir"));
        Path log = logDir.resolve("0.log");
        LogCopier copier = copy(new FifoContainerIo(new NativeFifos(), LogLoops.SHARED, FIXED, 16384), shim, true, log);
        Path moved = dir.resolve("moved-dir");
        Files.move(logDir, moved);
        Files.writeString(logDir, "a file where the directory was");
        assertThatThrownBy(copier::reopen)
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.FAILED_PRECONDITION))
                .hasMessageContaining(log.toString());
        ShimFifos.writeAndClose(shim.stdout, "still logged\n");
        assertThat(copier.awaitDrained(DRAIN)).isTrue();
        assertThat(CriLogRecords.read(moved.resolve("0.log")).lines("stdout")).containsExactly("still logged");
        copier.close();
        assertThatThrownBy(copier::reopen)
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.FAILED_PRECONDITION))
                .hasMessageContaining("closed");
    }
}

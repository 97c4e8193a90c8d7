package dev.cortado.shim.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import dev.cortado.shim.bootstrap.SyscallFifoWriters;
import dev.cortado.shim.linux.LibcSyscalls;
import dev.cortado.shim.process.ContainerIo;
import java.io.FileInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** attachablebinary://: the logging binary gets every byte, attach fifos get live output when read. */
class AttachableLogTest {
    @TempDir
    Path dir;

    private LogSinks logs;
    private Path attachDir;

    @BeforeEach
    void setUp() {
        logs = new LogSinks(new SyscallFifoWriters(new LibcSyscalls()), dir.resolve("fifo"));
        attachDir = dir.resolve("fifo/attach");
    }

    @Test
    void withoutAttacher_theProcessIsNotBlockedAndTheLoggerGetsEveryByte() throws Exception {
        // far more than a pipe holds: a write that waited for an attacher would block the process
        Process container = new ProcessBuilder("sh", "-c", "seq 1 200000; seq 1 50000 >&2").start();
        StdioCopier copier = copy(container.getInputStream(), container.getErrorStream());
        assertThat(Integer.toOctalString(mode(attachDir.resolve("c1-stdout")))).isEqualTo("10700"); // fifo, 0700
        assertThat(Integer.toOctalString(mode(attachDir.resolve("c1-stderr")))).isEqualTo("10700");

        assertThat(container.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(copier.awaitOutput(30_000)).isTrue();
        copier.close();

        assertThat(Files.readString(dir.resolve("stdout"))).isEqualTo(seq(200000));
        assertThat(Files.readString(dir.resolve("stderr"))).isEqualTo(seq(50000));
        assertThat(Files.readString(dir.resolve("args"))).isEqualTo("mode json\n");
        assertThat(Files.readAllLines(dir.resolve("env"))).contains("CONTAINER_ID=c1", "CONTAINER_NAMESPACE=k8s.io");
        assertThat(attachDir).isEmptyDirectory();
    }

    @Test
    void attacherThatStopsReading_blocksNeitherTheProcessNorTheLogger() throws Exception {
        Process container = new ProcessBuilder("sh", "-c", "read go; seq 1 200000").start();
        StdioCopier copier = copy(container.getInputStream(), InputStream.nullInputStream());
        // opened read-write so that it never waits: a reader that never reads
        try (RandomAccessFile stuck =
                new RandomAccessFile(attachDir.resolve("c1-stdout").toFile(), "rw")) {
            try (OutputStream stdin = container.getOutputStream()) {
                stdin.write("go\n".getBytes(StandardCharsets.US_ASCII));
            }
            assertThat(container.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(copier.awaitOutput(30_000)).isTrue();
            // its pipe got what it could hold; the rest was dropped for it alone
            assertThat(new FileInputStream(stuck.getFD()).available())
                    .isBetween(1, seq(200000).length() - 1);
        }
        copier.close();

        assertThat(Files.readString(dir.resolve("stdout"))).isEqualTo(seq(200000));
    }

    @Test
    void attacher_seesLiveLinesAndCanLeaveAndComeBack() throws Exception {
        Process container = new ProcessBuilder("cat").start();
        StdioCopier copier = copy(container.getInputStream(), InputStream.nullInputStream());
        Path fifo = attachDir.resolve("c1-stdout");
        try (LiveInput stdin = new LiveInput(container.getOutputStream())) {
            Attacher first = new Attacher(fifo, "live 1");
            stdin.tickUntil(first);
            stdin.say("live 1");
            assertThat(first.awaitLast()).endsWith("live 1");
            assertThat(container.isAlive()).isTrue();

            stdin.say("after 1"); // the first reader is gone: dropped for it, logged all the same
            Thread.sleep(300);
            stdin.say("after 2");
            Attacher second = new Attacher(fifo, "live 2");
            stdin.tickUntil(second);
            stdin.say("live 2");
            assertThat(second.awaitLast()).endsWith("live 2").doesNotContain("live 1");
            stdin.say("bye");
        }
        assertThat(container.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(copier.awaitOutput(30_000)).isTrue();
        copier.close();

        String logged = Files.readString(dir.resolve("stdout"));
        assertThat(logged)
                .contains("live 1\nafter 1\nafter 2\n")
                .contains("live 2\nbye\n")
                .startsWith("tick 0\n");
        assertThat(fifo).doesNotExist();
    }

    @Test
    void processIdThatIsNoFileName_isInvalidArgument() throws Exception {
        String uri = "attachablebinary://" + TestLogger.write(dir);

        assertThatThrownBy(() -> logs.open(uri, "../c1", "k8s.io", dir.resolve("state")))
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT));
        assertThat(dir.resolve("fifo")).doesNotExist();
    }

    private StdioCopier copy(InputStream stdout, InputStream stderr) throws Exception {
        String uri = "attachablebinary://" + TestLogger.write(dir) + "?mode=json";
        ContainerIo io = ContainerIo.of(OutputStream.nullOutputStream(), stdout, stderr);
        return StdioCopier.start(
                "t",
                io,
                new StdioPaths("", uri, uri, false),
                () -> {},
                u -> logs.open(u, "c1", "k8s.io", dir.resolve("state")));
    }

    private static int mode(Path path) throws Exception {
        return (int) Files.getAttribute(path, "unix:mode") & 0177777;
    }

    private static String seq(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(Integer::toString).collect(Collectors.joining("\n", "", "\n"));
    }
}

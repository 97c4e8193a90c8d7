package dev.cortado.cri.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.cri.logs.Fifos.FifoStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real fifo read end: never blocks on open, never takes "no writer yet" for EOF, and sees
 * EOF once a writer has been and gone, even one that left before this open (cortado restarted
 * after the container exited, the shim's spare read end kept the pipe).
 */
@SuppressWarnings(
        "try") // spare read ends are held open (as the shim holds them) and writers closed mid-test to send EOF
class NativeFifosTest {
    @TempDir
    Path dir;

    private final NativeFifos fifos = new NativeFifos();

    private Path mkfifo(String name) throws IOException, InterruptedException {
        Path p = dir.resolve(name);
        new NativeFsOps().mknod(p, 'p', 0, 0);
        return p;
    }

    /** Reads to EOF (or WOKEN) on another thread. */
    private static CompletableFuture<String> readAll(FifoStream s) {
        return CompletableFuture.supplyAsync(() -> {
            StringBuilder out = new StringBuilder();
            byte[] buf = new byte[8];
            try {
                while (true) {
                    int n = s.read(buf);
                    if (n == FifoStream.EOF) {
                        return out.toString();
                    }
                    if (n == FifoStream.WOKEN) {
                        return out + "<woken>";
                    }
                    out.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                }
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
    }

    private static void write(Path fifo, String text) throws IOException {
        try (OutputStream out = new FileOutputStream(fifo.toFile())) {
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    void noWriterYet_isNotEof_andALateWriterIsReadToEof() throws Exception {
        Path fifo = mkfifo("late");
        try (FifoStream s = fifos.openForReading(fifo)) {
            CompletableFuture<String> read = readAll(s);
            assertThatThrownBy(() -> read.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
            write(fifo, "hello fifo\n");
            assertThat(read.get(5, TimeUnit.SECONDS)).isEqualTo("hello fifo\n");
        }
    }

    /**
     * The race CI hit (FifoCaptureTest read "" for "123456"): the read finds the fifo empty with
     * no writer, then a writer opens, writes and leaves before the check for POLLHUP. The bytes
     * it left must be read, not lost to an early EOF. The libc here runs that writer just before
     * the first {@code poll} with a zero timeout, which is that moment.
     */
    @Test
    void writerComingAndGoingBetweenTheReadAndTheHangupCheck_hasItsBytesRead() throws Exception {
        Path fifo = mkfifo("between");
        FifoLibc real = com.sun.jna.Native.load("c", FifoLibc.class);
        java.util.concurrent.atomic.AtomicBoolean wrote = new java.util.concurrent.atomic.AtomicBoolean();
        FifoLibc racing = (FifoLibc) java.lang.reflect.Proxy.newProxyInstance(
                FifoLibc.class.getClassLoader(), new Class<?>[] {FifoLibc.class}, (proxy, method, args) -> {
                    if (method.getName().equals("poll") && (int) args[2] == 0 && wrote.compareAndSet(false, true)) {
                        write(fifo, "123456");
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        try (FifoStream spare = fifos.openForReading(fifo); // the shim's: keeps the bytes while no one reads
                FifoStream s = new NativeFifos(racing).openForReading(fifo)) {
            assertThat(readAll(s).get(5, TimeUnit.SECONDS)).isEqualTo("123456");
            assertThat(wrote).isTrue();
        }
    }

    @Test
    void wake_endsAWaitingRead() throws Exception {
        Path fifo = mkfifo("woken");
        try (FifoStream s = fifos.openForReading(fifo)) {
            CompletableFuture<String> read = readAll(s);
            Thread.sleep(100);
            s.wake();
            assertThat(read.get(5, TimeUnit.SECONDS)).isEqualTo("<woken>");
            assertThat(s.read(new byte[4])).isEqualTo(FifoStream.WOKEN);
        }
    }

    @Test
    void writerPresentAtOpen_closingWithoutData_isEof() throws Exception {
        Path fifo = mkfifo("present");
        try (FifoStream shimSpare = fifos.openForReading(fifo);
                OutputStream writer = new FileOutputStream(fifo.toFile());
                FifoStream s = fifos.openForReading(fifo)) {
            CompletableFuture<String> read = readAll(s);
            assertThatThrownBy(() -> read.get(200, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
            writer.close();
            assertThat(read.get(5, TimeUnit.SECONDS)).isEmpty();
        }
    }

    @Test
    void writerGoneBeforeOpen_leftoverBytesAreReadThenEof() throws Exception {
        Path fifo = mkfifo("leftover");
        try (FifoStream shimSpare = fifos.openForReading(fifo)) {
            write(fifo, "written while cortado was away\n");
            try (FifoStream s = fifos.openForReading(fifo)) {
                assertThat(readAll(s).get(5, TimeUnit.SECONDS)).isEqualTo("written while cortado was away\n");
            }
        }
    }

    @Test
    void writerGoneBeforeOpen_emptyPipe_waitsUntilWoken() throws Exception {
        Path fifo = mkfifo("empty");
        try (FifoStream shimSpare = fifos.openForReading(fifo)) {
            write(fifo, "");
            try (FifoStream s = fifos.openForReading(fifo)) {
                CompletableFuture<String> read = readAll(s);
                assertThatThrownBy(() -> read.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
                s.wake();
                assertThat(read.get(5, TimeUnit.SECONDS)).isEqualTo("<woken>");
            }
        }
    }

    @Test
    void writerGoneBeforeOpen_emptyPipe_isEofOnceWritersAreKnownGone() throws Exception {
        Path fifo = mkfifo("exited");
        try (FifoStream shimSpare = fifos.openForReading(fifo)) {
            write(fifo, "");
            try (FifoStream s = fifos.openForReading(fifo)) {
                CompletableFuture<String> read = readAll(s);
                assertThatThrownBy(() -> read.get(200, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
                s.writersGone();
                assertThat(read.get(5, TimeUnit.SECONDS)).isEmpty();
            }
        }
    }

    @Test
    void writersGone_whileAWriterIsStillThere_readsUntilItLeaves() throws Exception {
        Path fifo = mkfifo("gone-late");
        try (FifoStream s = fifos.openForReading(fifo);
                OutputStream writer = new FileOutputStream(fifo.toFile())) {
            CompletableFuture<String> read = readAll(s);
            s.writersGone();
            Thread.sleep(100);
            writer.write("last words".getBytes(StandardCharsets.US_ASCII));
            writer.close();
            assertThat(read.get(5, TimeUnit.SECONDS)).isEqualTo("last words");
        }
    }

    @Test
    void childProcessWriter_isReadToEof() throws Exception {
        Path fifo = mkfifo("child");
        try (FifoStream s = fifos.openForReading(fifo)) {
            CompletableFuture<String> read = readAll(s);
            Process p = new ProcessBuilder("sh", "-c", "printf 'one\\ntwo' > \"$0\"; sleep 0.1; :", fifo.toString())
                    .start();
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(read.get(5, TimeUnit.SECONDS)).isEqualTo("one\ntwo");
        }
    }

    @Test
    void missingFifo_failsNamingThePath() {
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> fifos.openForReading(missing))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("open on fifo " + missing)
                .hasMessageContaining("errno 2");
    }

    @Test
    void wakeAfterClose_isHarmless() throws IOException, InterruptedException, ExecutionException {
        FifoStream s = fifos.openForReading(mkfifo("closed"));
        s.close();
        s.wake();
        s.close();
    }
}

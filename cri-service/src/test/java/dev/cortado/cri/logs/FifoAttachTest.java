package dev.cortado.cri.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.cri.linux.NativeFifos;
import dev.cortado.cri.linux.NativeFsOps;
import dev.cortado.cri.logs.ContainerIo.LogCopier;
import dev.cortado.cri.logs.Fifos.FifoSink;
import dev.cortado.cri.logs.Fifos.FifoStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attach on real fifos: attachers of a log copy see the container's output as the log gets it,
 * and a container's stdin write end never waits for a reader and can always be stopped.
 */
class FifoAttachTest {
    private static final Duration DRAIN = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private static String drain(OutputSubscriber s) throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk;
        while ((chunk = s.take()) != null) {
            out.writeBytes(chunk);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void twoAttachers_seeStdoutAndStderr_andTheLogStillGetsEveryLine() throws Exception {
        Path log = dir.resolve("c.log");
        try (ShimFifos shim = new ShimFifos(dir, "attach");
                LogCopier copier = new FifoContainerIo(new NativeFifos(), LogLoops.SHARED, Clock.systemUTC(), 16384)
                        .copyToLog("ctr-attach-c1", shim.stdout, Optional.of(shim.stderr), Optional.of(log))) {
            OutputSubscriber first = copier.stdout().subscribe();
            OutputSubscriber second = copier.stdout().subscribe();
            OutputSubscriber errors = copier.stderr().orElseThrow().subscribe();
            try (OutputStream out = ShimFifos.writer(shim.stdout);
                    OutputStream err = ShimFifos.writer(shim.stderr)) {
                out.write("line 1\nline 2\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                err.write("oops\n".getBytes(StandardCharsets.UTF_8));
            }
            copier.taskExited();
            assertThat(copier.awaitDrained(DRAIN)).isTrue();
            assertThat(drain(first)).isEqualTo("line 1\nline 2\n");
            assertThat(drain(second)).isEqualTo("line 1\nline 2\n");
            assertThat(drain(errors)).isEqualTo("oops\n");
            assertThat(CriLogRecords.read(log).records())
                    .extracting(CriLogRecords.Rec::content)
                    .containsExactlyInAnyOrder("line 1", "line 2", "oops");
            assertThat(copier.stdout().subscribers())
                    .as("ended attachers are gone")
                    .isZero();
        }
    }

    @Test
    void ttyCopy_hasNoStderrForAttachers() throws Exception {
        try (ShimFifos shim = new ShimFifos(dir, "tty");
                LogCopier copier = new FifoContainerIo(new NativeFifos(), LogLoops.SHARED, Clock.systemUTC(), 16384)
                        .copyToLog("ctr-attach-c2", shim.stdout, Optional.empty(), Optional.empty())) {
            assertThat(copier.stderr()).isEmpty();
            assertThat(copier.stdout()).isNotNull();
        }
    }

    @Test
    void stdinSink_opensWithoutAReader_andItsReaderSeesEofOnlyWhenItCloses() throws Exception {
        Path fifo = dir.resolve("stdin");
        new NativeFsOps().mknod(fifo, 'p', 0, 0);
        NativeFifos fifos = new NativeFifos();
        FifoSink sink = fifos.openForWriting(fifo); // no reader yet: neither blocks nor fails
        sink.write("xxhello\n".getBytes(StandardCharsets.UTF_8), 2, 6);
        try (FifoStream reader = fifos.openForReading(fifo)) {
            CompletableFuture<String> all = CompletableFuture.supplyAsync(() -> readAll(reader));
            Thread.sleep(100);
            assertThat(all).as("the held write end keeps the reader from EOF").isNotDone();
            sink.close();
            assertThat(all.get(10, TimeUnit.SECONDS)).isEqualTo("hello\n");
        }
        assertThatThrownBy(() -> sink.write(new byte[1], 0, 1))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("closed");
        assertThat(sink.isClosed()).isTrue();
    }

    @Test
    void stdinSink_whosePipeIsFull_waits_andAnInterruptOrCloseStopsTheWriter() throws Exception {
        Path fifo = dir.resolve("full");
        new NativeFsOps().mknod(fifo, 'p', 0, 0);
        FifoSink sink = new NativeFifos().openForWriting(fifo);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                sink.write(new byte[1024 * 1024], 0, 1024 * 1024); // a pipe holds 64 KiB: nobody reads
            } catch (IOException e) {
                failure.set(e);
            }
        });
        writer.start();
        writer.join(300);
        assertThat(writer.isAlive()).as("waits while the pipe is full").isTrue();
        writer.interrupt();
        writer.join(5000);
        assertThat(writer.isAlive()).isFalse();
        assertThat(failure.get()).isInstanceOf(InterruptedIOException.class);

        Thread second = new Thread(() -> {
            try {
                sink.write(new byte[1024], 0, 1024);
            } catch (IOException e) {
                failure.set(e);
            }
        });
        second.start();
        second.join(300);
        assertThat(second.isAlive()).isTrue();
        long start = System.nanoTime();
        sink.close();
        second.join(5000);
        assertThat(second.isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(failure.get()).hasMessageContaining("closed");
        assertThat(Files.exists(fifo)).isTrue();
    }

    private static String readAll(FifoStream s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        try {
            int n;
            while ((n = s.read(buf)) > 0) {
                out.write(buf, 0, n);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}

package dev.cortado.shim.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.shim.linux.LibcSyscalls;
import dev.cortado.shim.linux.LinuxSyscalls;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fifo read ends on the event loop: "no writer yet" is never the end, a writer's leaving is. */
class FifoSourceTest {
    private static final int O_NONBLOCK = 04000;

    @TempDir
    Path tmp;

    private final LinuxSyscalls sys = new LibcSyscalls();
    private final IoLoop loop = IoLoop.start(sys, "fifo-test");
    private final byte[] buffer = new byte[4096];
    private final List<Integer> fds = new ArrayList<>();

    @AfterEach
    void tearDown() {
        loop.close();
        fds.forEach(sys::close);
    }

    /** Collects what a source reads, on the loop thread. */
    private static final class Collected implements FifoSource.Reader {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final CompletableFuture<Boolean> end = new CompletableFuture<>();

        @Override
        public void read(byte[] buf, int length) {
            bytes.write(buf, 0, length);
        }

        @Override
        public void end(boolean eof) {
            end.complete(eof);
        }

        String text() {
            return bytes.toString(StandardCharsets.US_ASCII);
        }
    }

    /** A fifo with a spare read end held, as the shim holds one: the pipe keeps its bytes without a reader. */
    private Path fifo(String name) {
        Path f = tmp.resolve(name);
        sys.mkfifo(f.toString(), 0600);
        fds.add(sys.open(f.toString(), O_NONBLOCK, 0));
        return f;
    }

    private static void writeAndClose(Path fifo, String text) throws Exception {
        try (OutputStream out = new FileOutputStream(fifo.toFile())) {
            out.write(text.getBytes(StandardCharsets.US_ASCII));
        }
    }

    @Test
    void noWriterYet_isNotTheEnd_thenEverythingUntilTheWriterLeaves() throws Exception {
        Path f = fifo("out");
        Collected got = new Collected();
        FifoSource source = FifoSource.start(loop, f.toString(), buffer, got);
        Thread.sleep(200);
        assertThat(got.end).as("a fifo whose writer has not come yet").isNotDone();

        writeAndClose(f, "hello\nworld\n");
        assertThat(got.end.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(got.text()).isEqualTo("hello\nworld\n");
        assertThat(source.done().get(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void bytesLeftByAWriterGoneBeforeTheOpen_areReadThenTheEnd() throws Exception {
        Path f = fifo("left");
        writeAndClose(f, "before the restart\n");
        Collected got = new Collected();
        FifoSource.start(loop, f.toString(), buffer, got);
        assertThat(got.end.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(got.text()).isEqualTo("before the restart\n");
    }

    @Test
    void anEmptyFifoWhoseWriterLeftBeforeTheOpen_endsOnlyOnceTheOwnerSaysSo() throws Exception {
        Path f = fifo("empty");
        writeAndClose(f, "");
        Collected got = new Collected();
        FifoSource source = FifoSource.start(loop, f.toString(), buffer, got);
        Thread.sleep(200);
        assertThat(got.end).isNotDone();

        source.writersGone();
        assertThat(got.end.get(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void stop_endsTheReaderOnce_notAtEndOfFile() throws Exception {
        Path f = fifo("stopped");
        Collected got = new Collected();
        FifoSource source = FifoSource.start(loop, f.toString(), buffer, got);
        source.stop();
        source.stop();
        assertThat(got.end.get(5, TimeUnit.SECONDS)).isFalse();
        assertThat(source.done().get(5, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void aReaderThatThrows_endsOnlyItsOwnSource() throws Exception {
        Path bad = fifo("bad");
        Path good = fifo("good");
        CompletableFuture<Boolean> badEnd = new CompletableFuture<>();
        FifoSource.start(loop, bad.toString(), buffer, new FifoSource.Reader() {
            @Override
            public void read(byte[] buf, int length) {
                throw new IllegalStateException("a bug in one stream's reader");
            }

            @Override
            public void end(boolean eof) {
                badEnd.complete(eof);
            }
        });
        Collected got = new Collected();
        FifoSource.start(loop, good.toString(), buffer, got);
        writeAndClose(bad, "x\n");
        assertThat(badEnd.get(5, TimeUnit.SECONDS)).isFalse();
        writeAndClose(good, "still read\n");
        assertThat(got.end.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(got.text()).isEqualTo("still read\n");
    }
}

package dev.cortado.cri.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BlobPipeTest {
    @Test
    void bytesWrittenInRunsOfAnySize_areReadInOrder_thenTheEnd() throws Exception {
        byte[] data = new byte[BlobPipe.CHUNK * BlobPipe.CHUNKS * 3 + 12345]; // three times what it holds
        new Random(3).nextBytes(data);
        BlobPipe pipe = new BlobPipe();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                Random sizes = new Random(4);
                for (int off = 0; off < data.length; ) {
                    int n = Math.min(data.length - off, 1 + sizes.nextInt(3 * BlobPipe.CHUNK));
                    pipe.write(data, off, n);
                    off += n;
                }
                pipe.finish();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try (InputStream in = pipe.input()) {
            assertThat(in.readAllBytes()).isEqualTo(data);
            assertThat(in.read()).isEqualTo(-1);
        }
        writer.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aFailedWriter_failsTheReader_withItsCause() throws IOException {
        BlobPipe pipe = new BlobPipe();
        pipe.write(new byte[10], 0, 10);
        IllegalStateException cause = new IllegalStateException("registry went away");
        pipe.fail(cause);

        InputStream in = pipe.input();
        assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasCause(cause);
        assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasCause(cause);
        assertThat(pipe.failure()).isSameAs(cause);
    }

    @Test
    void aReaderThatCloses_stopsAWriterWaitingForRoom() throws Exception {
        BlobPipe pipe = new BlobPipe();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                byte[] chunk = new byte[BlobPipe.CHUNK];
                while (true) {
                    pipe.write(chunk, 0, chunk.length); // fills up, then waits for the reader
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Thread.sleep(200);
        assertThat(writer).isNotDone();
        pipe.input().close();

        assertThatThrownBy(() -> writer.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(CortadoException.class)
                .cause()
                .satisfies(e -> assertThat(((CortadoException) e).kind()).isEqualTo(ErrorKind.CANCELLED));
    }
}

package dev.cortado.cri.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.cri.linux.NativeFifos;
import dev.cortado.cri.logs.ContainerIo.Captured;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ExecSync's capture: the first {@code maxBytes} kept, the rest read and counted, never blocking the writer. */
class FifoCaptureTest {
    private static final int MIB = 1024 * 1024;

    @TempDir
    Path dir;

    private final ContainerIo io = new FifoContainerIo(new NativeFifos(), LogLoops.SHARED, Clock.systemUTC(), 16384);

    private static byte[] pattern(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 31 + i / 4096);
        }
        return b;
    }

    @Test
    void twentyMiB_keepsTheFirst16MiB_andFlagsTruncation() throws Exception {
        try (ShimFifos shim = new ShimFifos(dir, "big")) {
            CompletableFuture<Captured> captured = io.capture(shim.stdout, 16 * MIB);
            byte[] data = pattern(20 * MIB);
            long start = System.nanoTime();
            try (OutputStream out = ShimFifos.writer(shim.stdout)) {
                out.write(data);
            }
            Captured c = captured.get(60, TimeUnit.SECONDS);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(c.truncated()).isTrue();
            assertThat(c.data()).hasSize(16 * MIB);
            assertThat(Arrays.equals(c.data(), Arrays.copyOf(data, 16 * MIB))).isTrue();
            System.out.println("capture of 20 MiB through a fifo took " + millis + " ms");
        }
    }

    @Test
    void outputOfExactlyMaxBytes_isNotTruncated() throws Exception {
        try (ShimFifos shim = new ShimFifos(dir, "exact")) {
            CompletableFuture<Captured> captured = io.capture(shim.stdout, 100_000);
            ShimFifos.writeAndClose(shim.stdout, "z".repeat(100_000));
            Captured c = captured.get(20, TimeUnit.SECONDS);
            assertThat(c.truncated()).isFalse();
            assertThat(new String(c.data())).isEqualTo("z".repeat(100_000));
        }
    }

    @Test
    void oneByteOver_isTruncated_andZeroLimitKeepsNothing() throws Exception {
        try (ShimFifos shim = new ShimFifos(dir, "over")) {
            CompletableFuture<Captured> captured = io.capture(shim.stdout, 5);
            CompletableFuture<Captured> none = io.capture(shim.stderr, 0);
            ShimFifos.writeAndClose(shim.stdout, "123456");
            ShimFifos.writeAndClose(shim.stderr, "x");
            assertThat(new String(captured.get(20, TimeUnit.SECONDS).data())).isEqualTo("12345");
            assertThat(captured.get().truncated()).isTrue();
            assertThat(none.get(20, TimeUnit.SECONDS).data()).isEmpty();
            assertThat(none.get().truncated()).isTrue();
        }
    }

    @Test
    @SuppressWarnings("try") // the resource is held open for the body (or closed early on purpose)
    void copierStartedBeforeTheWriter_capturesAfterIt_andEmptyOutputIsEmpty() throws Exception {
        try (ShimFifos shim = new ShimFifos(dir, "late")) {
            shim.close();
            CompletableFuture<Captured> captured = io.capture(shim.stdout, 10);
            Thread.sleep(200);
            assertThat(captured).isNotDone();
            ShimFifos.writeAndClose(shim.stdout, "");
            Captured c = captured.get(20, TimeUnit.SECONDS);
            assertThat(c.data()).isEmpty();
            assertThat(c.truncated()).isFalse();
        }
    }

    @Test
    void cancel_endsTheReadingThread() throws Exception {
        try (ShimFifos shim = new ShimFifos(dir, "cancel")) {
            CompletableFuture<Captured> captured = io.capture(shim.stdout, 10);
            captured.cancel(false);
            assertThatThrownBy(captured::get).isInstanceOf(CancellationException.class);
            String name = "cri-capture-" + shim.stdout.getFileName();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(t -> t.getName().equals(name))) {
                assertThat(System.nanoTime()).as("capture thread ends").isLessThan(deadline);
                Thread.sleep(10);
            }
        }
    }
}

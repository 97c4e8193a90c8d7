package dev.cortado.cri.image.registry;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Cancels a download that receives no byte for a whole timeout, like containerd's
 * {@code image_pull_progress_timeout}: a slow but moving download is never cancelled.
 */
final class ProgressWatchdog {
    private final ScheduledExecutorService scheduler;
    private final Duration timeout;

    ProgressWatchdog(ScheduledExecutorService scheduler, Duration timeout) {
        this.scheduler = scheduler;
        this.timeout = timeout;
    }

    /** A stream that is closed and whose reader is interrupted once progress stops. */
    Watched watch(InputStream in) {
        return new Watched(in);
    }

    /** The watched stream; {@link #stalled()} says whether the watchdog fired. */
    final class Watched extends FilterInputStream {
        private final Thread reader = Thread.currentThread();
        private final ScheduledFuture<?> check;
        private volatile long lastProgress = System.nanoTime();
        private volatile boolean stalled;

        private Watched(InputStream in) {
            super(in);
            long period = Math.max(1, timeout.toMillis() / 4);
            check = scheduler.scheduleAtFixedRate(this::check, period, period, TimeUnit.MILLISECONDS);
        }

        private void check() {
            if (!stalled && System.nanoTime() - lastProgress > timeout.toNanos()) {
                stalled = true;
                reader.interrupt();
                try {
                    in.close();
                } catch (IOException ignored) {
                    // closing is only to unblock the reader; the stall is reported by the reader
                }
            }
        }

        boolean stalled() {
            return stalled;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                lastProgress = System.nanoTime();
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            check.cancel(false);
            if (stalled) {
                Thread.interrupted(); // the watchdog's interrupt must not leak into the caller
            }
            super.close();
        }
    }
}

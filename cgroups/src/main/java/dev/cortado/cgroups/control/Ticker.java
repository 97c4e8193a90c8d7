package dev.cortado.cgroups.control;

import java.time.Duration;

/** Time for waits and retries, injected so tests need not sleep. */
public interface Ticker {

    /** Returns a monotonic time in nanoseconds. */
    long nanoTime();

    /** Sleeps for the duration. */
    void sleep(Duration d) throws InterruptedException;

    /** The system's monotonic clock and Thread.sleep. */
    static Ticker system() {
        return new Ticker() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleep(Duration d) throws InterruptedException {
                Thread.sleep(d.toMillis());
            }
        };
    }
}

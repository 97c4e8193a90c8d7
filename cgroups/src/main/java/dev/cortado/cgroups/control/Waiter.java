package dev.cortado.cgroups.control;

import dev.cortado.cgroups.CgroupException;
import dev.cortado.cgroups.CgroupException.Reason;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition with backoff until it holds or a timeout passes. */
final class Waiter {
    private static final Duration FIRST = Duration.ofMillis(1);
    private static final Duration MAX = Duration.ofMillis(50);

    private final Ticker ticker;

    Waiter(Ticker ticker) {
        this.ticker = ticker;
    }

    /** Returns true when the condition held within the timeout, false otherwise. */
    boolean await(BooleanSupplier condition, Duration timeout) {
        long deadline = ticker.nanoTime() + timeout.toNanos();
        Duration backoff = FIRST;
        while (!condition.getAsBoolean()) {
            if (ticker.nanoTime() >= deadline) {
                return condition.getAsBoolean();
            }
            try {
                ticker.sleep(backoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CgroupException(Reason.TIMEOUT, "interrupted while waiting", e);
            }
            Duration next = backoff.multipliedBy(2);
            backoff = next.compareTo(MAX) > 0 ? MAX : next;
        }
        return true;
    }
}

package dev.cortado.cgroups.control;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A {@link Ticker} whose sleeps advance a fake clock and run a hook, so waits need no real time. */
final class FakeTicker implements Ticker {
    private long now;
    private Runnable onSleep = () -> {};
    final List<Duration> sleeps = new ArrayList<>();

    void onSleep(Runnable hook) {
        this.onSleep = hook;
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public void sleep(Duration d) {
        sleeps.add(d);
        now += d.toNanos();
        onSleep.run();
    }
}

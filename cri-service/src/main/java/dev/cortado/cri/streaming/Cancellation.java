package dev.cortado.cri.streaming;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Callbacks that run once when a session is cancelled; one registered after that runs at once. */
public final class Cancellation {
    private static final Logger LOG = LoggerFactory.getLogger(Cancellation.class);

    private final List<Runnable> callbacks = new ArrayList<>();
    private boolean cancelled;

    /** Runs {@code callback} when the session is cancelled (on the cancelling thread). */
    public void onCancel(Runnable callback) {
        synchronized (this) {
            if (!cancelled) {
                callbacks.add(callback);
                return;
            }
        }
        run(callback);
    }

    public synchronized boolean isCancelled() {
        return cancelled;
    }

    void cancel() {
        List<Runnable> toRun;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            toRun = List.copyOf(callbacks);
            callbacks.clear();
        }
        toRun.forEach(Cancellation::run);
    }

    private static void run(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.warn("streaming: a cancel callback failed", e);
        }
    }
}

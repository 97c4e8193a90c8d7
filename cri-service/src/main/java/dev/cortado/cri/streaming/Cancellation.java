package dev.cortado.cri.streaming;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Callbacks that run once when a session is cancelled; one registered after that runs at once.
 * Sessions are cancelled on Netty's event loop (the connection closed), and callbacks call the
 * runtime (a kill through the shim): they run on the given executor, never on the cancelling
 * thread, so a slow runtime never stalls the loop's other connections. A session that ended
 * normally is {@link #complete()}: closing its connection afterwards cancels nothing.
 */
public final class Cancellation {
    private static final Logger LOG = LoggerFactory.getLogger(Cancellation.class);

    private final Executor executor;
    private final List<Runnable> callbacks = new ArrayList<>();
    private boolean cancelled;
    private boolean completed;

    Cancellation(Executor executor) {
        this.executor = executor;
    }

    /** Runs {@code callback} when the session is cancelled (on the executor), unless it completed first. */
    public void onCancel(Runnable callback) {
        synchronized (this) {
            if (completed) {
                return;
            }
            if (!cancelled) {
                callbacks.add(callback);
                return;
            }
        }
        dispatch(List.of(callback));
    }

    /** The session ended by itself: its callbacks are dropped, a later {@link #cancel()} runs none. */
    synchronized void complete() {
        completed = true;
        callbacks.clear();
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
        dispatch(toRun);
    }

    private void dispatch(List<Runnable> toRun) {
        if (toRun.isEmpty()) {
            return;
        }
        try {
            executor.execute(() -> toRun.forEach(Cancellation::run));
        } catch (RejectedExecutionException e) {
            LOG.warn("streaming: server closing, cancel callbacks run here: {}", e.getMessage());
            toRun.forEach(Cancellation::run);
        }
    }

    private static void run(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.warn("streaming: a cancel callback failed", e);
        }
    }
}

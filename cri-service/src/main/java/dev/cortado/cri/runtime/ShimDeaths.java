package dev.cortado.cri.runtime;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shims that die while cortado runs. Each container's init process has one pending Wait; when
 * it fails with a lost connection and the shim does not answer any more, the shim is dead and
 * its tasks are cleaned up as containerd's {@code cleanupAfterDeadShim} does: {@code <shim>
 * delete} for each, and a TaskExit (the delete's status, 255 when it knew none) and TaskDelete
 * published once for each task whose exit was not seen yet. The tasks stay known as gone, so
 * State answers STOPPED and Delete returns that exit. The cleanup runs on one thread for all
 * shims (never on a transport's thread), which also makes it happen once per shim.
 */
final class ShimDeaths implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ShimDeaths.class);
    private final ShimTasks tasks;
    private final ShimLauncher launcher;
    private final ExitRecovery recovery;
    private final ExecutorService cleanup = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "dead-shim-cleanup");
        t.setDaemon(true);
        return t;
    });

    ShimDeaths(ShimTasks tasks, ShimLauncher launcher, ExitRecovery recovery) {
        this.tasks = tasks;
        this.launcher = launcher;
        this.recovery = recovery;
    }

    /** Waits for the task's init process: its exit, or the death of its shim. */
    void watch(KnownTask task) {
        task.shim().client.waitAsync(task.id(), "").whenComplete((exit, error) -> {
            if (error == null) {
                task.exit().complete(exit);
                return;
            }
            Throwable cause =
                    error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof CortadoException ce && ce.kind() == ErrorKind.UNAVAILABLE) {
                submit(() -> {
                    if (isDead(task.shim(), task.id())) {
                        died(task.shim());
                    } else if (isCurrent(task)) {
                        watch(task); // a gRPC channel that reconnected: wait again
                    }
                });
            } else {
                task.exit().completeExceptionally(cause);
            }
        });
    }

    /** A shim found unreachable by a new start: clean up its tasks in the background. */
    void reportLater(ShimConnection shim) {
        submit(() -> died(shim));
    }

    /**
     * A call failed with UNAVAILABLE: if the shim is dead, cleans up now (after any cleanup
     * already queued) and returns whether {@code id} is gone as a result.
     */
    boolean reportNow(ShimConnection shim, String id) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        try {
            cleanup.execute(() -> {
                if (isDead(shim, id)) {
                    died(shim);
                }
                synchronized (tasks.lock) {
                    KnownTask t = tasks.tasks.get(id);
                    done.complete(t != null && t.isGone());
                }
            });
            return done.get();
        } catch (RejectedExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return false;
        }
    }

    /** recover found no shim (or one without the task): {@code <shim> delete}, exit published, task gone. */
    ProcessState goneOnRecover(String handler, ShimStartRequest start) {
        TaskEvent.Exited e = recovery.afterDeadShim(launcher, start);
        ExitResult r = new ExitResult(e.pid(), e.exitStatus(), e.exitedAt());
        KnownTask gone =
                new KnownTask(start.id(), handler, start, null, CompletableFuture.completedFuture(r), Optional.of(r));
        tasks.registerGone(gone);
        return gone.goneState();
    }

    private boolean isCurrent(KnownTask task) {
        synchronized (tasks.lock) {
            return tasks.tasks.get(task.id()) == task;
        }
    }

    /** Closed by cortado is not dead; a ttrpc connection never comes back; gRPC may: ask it. */
    private boolean isDead(ShimConnection shim, String id) {
        synchronized (tasks.lock) {
            if (shim.closed) {
                return false;
            }
        }
        if (!shim.client.isConnected()) {
            return true;
        }
        try {
            shim.client.state(id, "");
            return false;
        } catch (CortadoException e) {
            return e.kind() == ErrorKind.UNAVAILABLE;
        }
    }

    private void died(ShimConnection shim) {
        List<KnownTask> victims;
        ShimLog log;
        synchronized (tasks.lock) {
            if (shim.closed) {
                return;
            }
            shim.closed = true;
            tasks.shims.forgetLocked(shim);
            shim.users.clear();
            victims =
                    tasks.tasks.values().stream().filter(t -> t.shim() == shim).toList();
            log = shim.log;
        }
        LOG.warn("the {} is gone: cleaning up its {} task(s) with <shim> delete", shim, victims.size());
        shim.close(log, true);
        for (KnownTask t : victims) {
            ExitResult result;
            if (t.exit().isDone() && !t.exit().isCompletedExceptionally()) {
                result = t.exit().join(); // its exit was seen: clean up without a second one
                try {
                    launcher.delete(t.start());
                } catch (CortadoException e) {
                    LOG.warn("delete of task {} after its shim died failed", t.id(), e);
                }
            } else {
                TaskEvent.Exited e = recovery.afterDeadShim(launcher, t.start());
                result = new ExitResult(e.pid(), e.exitStatus(), e.exitedAt());
            }
            synchronized (tasks.lock) {
                tasks.tasks.replace(t.id(), t, t.goneWith(result));
            }
            t.exit().complete(result);
        }
    }

    private void submit(Runnable work) {
        try {
            cleanup.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    LOG.warn("dead shim cleanup failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            // closed: cortado is stopping, the next one recovers
        }
    }

    @Override
    public void close() {
        cleanup.shutdownNow();
    }
}

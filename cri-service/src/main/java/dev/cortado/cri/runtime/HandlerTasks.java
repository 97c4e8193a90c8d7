package dev.cortado.cri.runtime;

import dev.cortado.errors.CortadoException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The {@link Tasks} of every handler: a handler configured {@code in_process} creates its tasks
 * in cortado's own JVM ({@link LocalTasks}), every other one through its shim ({@link ShimTasks}).
 * Calls for a container go where its task is held. After a restart a bundle with
 * {@code bootstrap.json} names a shim, whatever the handler's setting is now; a task re-adopted
 * in process is recovered there; so changing {@code in_process} between restarts leaves every
 * running container where it was created.
 */
public final class HandlerTasks implements Tasks {
    private final RuntimeHandlers handlers;
    private final ShimTasks shims;
    private final LocalTasks local;

    public HandlerTasks(RuntimeHandlers handlers, ShimTasks shims, LocalTasks local) {
        this.handlers = handlers;
        this.shims = shims;
        this.local = local;
    }

    private Tasks of(String containerId) {
        return local.holds(containerId) ? local : shims;
    }

    @Override
    public int create(String handler, CreateTask task) {
        if (handlers.inProcess(handler)) {
            return local.create(handlers.nameOf(handler), task);
        }
        if (local.holds(task.id())) {
            throw CortadoException.alreadyExists("task %s already exists", task.id());
        }
        return shims.create(handler, task);
    }

    @Override
    public int start(String containerId, String execId) {
        return of(containerId).start(containerId, execId);
    }

    @Override
    public void exec(String containerId, ExecProcess exec) {
        of(containerId).exec(containerId, exec);
    }

    @Override
    public void kill(String containerId, String execId, int signal, boolean all) {
        of(containerId).kill(containerId, execId, signal, all);
    }

    @Override
    public void resizePty(String containerId, String execId, int width, int height) {
        of(containerId).resizePty(containerId, execId, width, height);
    }

    @Override
    public void closeStdin(String containerId, String execId) {
        of(containerId).closeStdin(containerId, execId);
    }

    @Override
    public ProcessState state(String containerId, String execId) {
        return of(containerId).state(containerId, execId);
    }

    @Override
    public CompletableFuture<ExitResult> waitExit(String containerId, String execId) {
        return of(containerId).waitExit(containerId, execId);
    }

    @Override
    public ExitResult delete(String containerId, String execId) {
        return of(containerId).delete(containerId, execId);
    }

    @Override
    public ProcessState recover(String handler, String containerId, Path bundle) {
        if (Files.exists(bundle.resolve(BootstrapFile.NAME))) {
            return shims.recover(handler, containerId, bundle);
        }
        if (local.holds(containerId) || handlers.inProcess(handler)) {
            return local.recover(handlers.nameOf(handler), containerId, bundle);
        }
        return shims.recover(handler, containerId, bundle);
    }

    @Override
    public void update(String containerId, String linuxResourcesJson) {
        of(containerId).update(containerId, linuxResourcesJson);
    }

    @Override
    public void checkpoint(String containerId, Path images, Path work, boolean exit, Duration timeout) {
        of(containerId).checkpoint(containerId, images, work, exit, timeout);
    }

    @Override
    public AutoCloseable subscribe(Consumer<TaskEvent> subscriber) {
        AutoCloseable fromShims = shims.subscribe(subscriber);
        AutoCloseable fromLocal = local.subscribe(subscriber);
        return () -> {
            try {
                fromLocal.close();
            } finally {
                fromShims.close();
            }
        };
    }

    /** Re-adopts the in-process tasks an earlier cortado left, once subscribers are in place ({@link LocalTasks#readopt}). */
    public int readoptLocal() {
        return local.readopt();
    }

    /** Per handler, the shims connected and the tasks they (or cortado itself) serve. */
    public List<ShimCounts> counts() {
        Map<String, ShimCounts> byHandler = new TreeMap<>();
        Stream.concat(shims.counts().stream(), local.counts().stream())
                .forEach(c -> byHandler.merge(
                        c.handler(),
                        c,
                        (a, b) -> new ShimCounts(a.handler(), a.shims() + b.shims(), a.tasks() + b.tasks())));
        return List.copyOf(byHandler.values());
    }

    /** Closes both; shims, monitors and containers keep running. */
    @Override
    public void close() {
        try {
            local.close();
        } finally {
            shims.close();
        }
    }
}

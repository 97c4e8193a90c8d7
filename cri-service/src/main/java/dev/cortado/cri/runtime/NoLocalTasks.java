package dev.cortado.cri.runtime;

import dev.cortado.errors.CortadoException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The {@link LocalTasks} of a cortado with no in-process handler and no in-process task left from
 * an earlier run: it holds nothing, so {@link HandlerTasks} sends every call to the shims.
 */
public final class NoLocalTasks implements LocalTasks {
    @Override
    public boolean holds(String containerId) {
        return false;
    }

    @Override
    public int readopt() {
        return 0;
    }

    @Override
    public List<ShimCounts> counts() {
        return List.of();
    }

    @Override
    public int create(String handler, CreateTask task) {
        throw CortadoException.failedPrecondition(
                "handler %s is in process, but cortado opened no in-process task service", handler);
    }

    private static CortadoException none(String containerId) {
        return CortadoException.notFound("task %s not found in process", containerId);
    }

    @Override
    public int start(String containerId, String execId) {
        throw none(containerId);
    }

    @Override
    public void exec(String containerId, ExecProcess exec) {
        throw none(containerId);
    }

    @Override
    public void kill(String containerId, String execId, int signal, boolean all) {
        throw none(containerId);
    }

    @Override
    public void resizePty(String containerId, String execId, int width, int height) {
        throw none(containerId);
    }

    @Override
    public void closeStdin(String containerId, String execId) {
        throw none(containerId);
    }

    @Override
    public ProcessState state(String containerId, String execId) {
        throw none(containerId);
    }

    @Override
    public CompletableFuture<ExitResult> waitExit(String containerId, String execId) {
        throw none(containerId);
    }

    @Override
    public ExitResult delete(String containerId, String execId) {
        throw none(containerId);
    }

    @Override
    public ProcessState recover(String handler, String containerId, Path bundle) {
        throw none(containerId);
    }

    @Override
    public void update(String containerId, String linuxResourcesJson) {
        throw none(containerId);
    }

    @Override
    public AutoCloseable subscribe(Consumer<TaskEvent> subscriber) {
        return () -> {};
    }

    @Override
    public void close() {}
}

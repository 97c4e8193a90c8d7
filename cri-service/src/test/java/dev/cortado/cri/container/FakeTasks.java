package dev.cortado.cri.container;

import dev.cortado.cri.runtime.CreateTask;
import dev.cortado.cri.runtime.ExecProcess;
import dev.cortado.cri.runtime.ExitResult;
import dev.cortado.cri.runtime.ProcessState;
import dev.cortado.cri.runtime.Stdio;
import dev.cortado.cri.runtime.TaskEvent;
import dev.cortado.cri.runtime.Tasks;
import dev.cortado.errors.CortadoException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Tasks that record every call and behave like a shim: a signal ends the process with 128+signal
 * (unless the test says it is ignored), the exit completes Wait and is published as an event.
 */
final class FakeTasks implements Tasks {
    static final Instant EXITED_AT = Instant.parse("2026-12-03T10:00:00Z");

    final List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
    final Map<String, RuntimeException> failures = new ConcurrentHashMap<>();
    final Set<Integer> ignoredSignals = ConcurrentHashMap.newKeySet();
    final Map<String, ProcessState> recovered = new ConcurrentHashMap<>();
    final Set<String> live = ConcurrentHashMap.newKeySet();
    final Map<String, CreateTask> created = new ConcurrentHashMap<>();
    final Map<String, ExecProcess> execs = new ConcurrentHashMap<>();
    volatile int execExitCode;
    volatile boolean execHangs;
    volatile boolean publishExits = true;
    private final Map<String, CompletableFuture<ExitResult>> exits = new ConcurrentHashMap<>();
    private final List<Consumer<TaskEvent>> subscribers = new CopyOnWriteArrayList<>();

    @Override
    public int create(String handler, CreateTask task) {
        calls.add("create " + handler + " " + task.id());
        fail("create");
        created.put(task.id(), task);
        live.add(key(task.id(), ""));
        return 100;
    }

    /** As a shim's Checkpoint with criu: an image in {@code images}, criu's log and stats in {@code work}. */
    @Override
    public void checkpoint(String containerId, Path images, Path work, boolean exit, java.time.Duration timeout) {
        calls.add("checkpoint " + containerId + " " + images + " " + work + " exit=" + exit);
        fail("checkpoint");
        try {
            java.nio.file.Files.createDirectories(images);
            java.nio.file.Files.writeString(images.resolve("pages-1.img"), "pages");
            java.nio.file.Files.writeString(work.resolve("dump.log"), "Dumping finished successfully");
            java.nio.file.Files.writeString(work.resolve("stats-dump"), "stats");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public int start(String containerId, String execId) {
        calls.add("start " + containerId + " " + execId);
        fail(execId.isEmpty() ? "start" : "startExec");
        if (!execId.isEmpty() && !execHangs) {
            exit(containerId, execId, execExitCode);
        }
        return execId.isEmpty() ? 101 : 102;
    }

    @Override
    public void exec(String containerId, ExecProcess exec) {
        calls.add("exec " + containerId + " " + exec.execId());
        fail("exec");
        execs.put(exec.execId(), exec);
        live.add(key(containerId, exec.execId()));
    }

    @Override
    public void resizePty(String containerId, String execId, int width, int height) {
        calls.add("resize " + containerId + " " + execId + " " + width + "x" + height);
    }

    @Override
    public void closeStdin(String containerId, String execId) {
        calls.add("closeStdin " + containerId + " " + execId);
    }

    @Override
    public void kill(String containerId, String execId, int signal, boolean all) {
        calls.add("kill " + containerId + " " + execId + " " + signal + " " + all);
        if (!live.contains(key(containerId, execId))) {
            throw CortadoException.notFound("task %s not found", containerId);
        }
        if (!ignoredSignals.contains(signal)) {
            exit(containerId, execId, 128 + signal);
        }
    }

    @Override
    public void update(String containerId, String linuxResourcesJson) {
        calls.add("update " + containerId + " " + linuxResourcesJson.replaceAll("\\s+", ""));
        fail("update");
        if (!live.contains(key(containerId, ""))) {
            throw CortadoException.notFound("task %s not found", containerId);
        }
    }

    @Override
    public ProcessState state(String containerId, String execId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<ExitResult> waitExit(String containerId, String execId) {
        if (!live.contains(key(containerId, execId))) {
            throw CortadoException.notFound("task %s not found", containerId);
        }
        return future(containerId, execId);
    }

    @Override
    public ExitResult delete(String containerId, String execId) {
        calls.add("delete " + containerId + " " + execId);
        fail("delete");
        if (!live.remove(key(containerId, execId))) {
            throw CortadoException.notFound("task %s not found", containerId);
        }
        CompletableFuture<ExitResult> f = future(containerId, execId);
        return f.isDone() ? f.join() : new ExitResult(100, 137, EXITED_AT);
    }

    @Override
    public ProcessState recover(String handler, String containerId, Path bundle) {
        calls.add("recover " + containerId);
        ProcessState state = recovered.get(containerId);
        if (state == null) {
            throw CortadoException.unavailable("shim of %s is gone", containerId);
        }
        if (state.status() != ProcessState.Status.STOPPED) {
            live.add(key(containerId, ""));
        }
        return state;
    }

    @Override
    public AutoCloseable subscribe(Consumer<TaskEvent> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    @Override
    public void close() {}

    /** The process ends: Wait completes and (unless turned off) TaskExit is published. */
    void exit(String containerId, String execId, int code) {
        future(containerId, execId).complete(new ExitResult(100, code, EXITED_AT));
        if (publishExits) {
            emit(new TaskEvent.Exited(
                    "k8s.io", containerId, execId.isEmpty() ? containerId : execId, 100, code, EXITED_AT, false));
        }
    }

    void emit(TaskEvent event) {
        subscribers.forEach(s -> s.accept(event));
    }

    static ProcessState state(String id, ProcessState.Status status, int code) {
        return new ProcessState(id, "", 4242, status, Stdio.NONE, code, EXITED_AT);
    }

    long count(String prefix) {
        synchronized (calls) {
            return calls.stream().filter(c -> c.startsWith(prefix)).count();
        }
    }

    private CompletableFuture<ExitResult> future(String containerId, String execId) {
        return exits.computeIfAbsent(key(containerId, execId), k -> new CompletableFuture<>());
    }

    private void fail(String method) {
        RuntimeException e = failures.get(method);
        if (e != null) {
            throw e;
        }
    }

    private static String key(String id, String execId) {
        return id + "/" + execId;
    }
}

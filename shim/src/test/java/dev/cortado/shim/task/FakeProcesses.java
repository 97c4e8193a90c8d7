package dev.cortado.shim.task;

import dev.cortado.errors.CortadoException;
import dev.cortado.shim.launch.LaunchOptions;
import dev.cortado.shim.process.ContainerIo;
import dev.cortado.shim.process.ExitStatus;
import dev.cortado.shim.process.TaskState;
import dev.cortado.shim.spec.ProcessSpec;
import dev.cortado.shim.spec.Spec;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link ProcessFactory} whose processes live in memory: kill ends them with 128+signal. */
public final class FakeProcesses implements ProcessFactory {
    private final AtomicInteger pids = new AtomicInteger(1000);
    public final Map<Path, FakeProcess> byStateDir = new ConcurrentHashMap<>();
    /** The launch options each process was created with, by state directory. */
    public final Map<Path, LaunchOptions> optionsOf = new ConcurrentHashMap<>();
    /** What a create under {@code UnenforceableLimits = "warn"} reports as left out, as the launcher would. */
    public volatile java.util.List<dev.cortado.cgroups.controller.DroppedLimit> dropOnCreate = java.util.List.of();
    /** Every process made, in order, including those a failed call abandoned. */
    public final List<FakeProcess> made = new CopyOnWriteArrayList<>();
    /** Steps that throw when reached: "create", "exec" (before a process exists), "state" (after). */
    public final Set<String> failing = ConcurrentHashMap.newKeySet();

    @Override
    public ProcessControl create(String id, Spec spec, Path stateDir, LaunchOptions options) {
        fail("create");
        optionsOf.put(stateDir, options);
        FakeProcess p = add(stateDir, "");
        if (options.unenforceableLimits() == dev.cortado.shim.options.LimitPolicy.WARN) {
            p.dropped = dropOnCreate;
        }
        return p;
    }

    @Override
    public ProcessControl exec(
            String execId,
            Spec container,
            ProcessControl init,
            ProcessSpec process,
            Path stateDir,
            LaunchOptions options) {
        fail("exec");
        optionsOf.put(stateDir, options);
        // what the process prints: its arguments, so concurrent execs can be told apart
        return add(stateDir, String.join(" ", process.args()));
    }

    private void fail(String step) {
        if (failing.contains(step)) {
            throw CortadoException.internal("injected failure at " + step, null);
        }
    }

    @Override
    public ProcessControl adopt(Path stateDir) {
        FakeProcess p = byStateDir.get(stateDir);
        if (p == null) {
            throw CortadoException.unavailable("no monitor in %s", stateDir);
        }
        return p;
    }

    private FakeProcess add(Path stateDir, String output) {
        try {
            java.nio.file.Files.createDirectories(stateDir); // as the launcher makes a monitor's state directory
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        FakeProcess p = new FakeProcess(pids.incrementAndGet(), output, failing.contains("state"));
        byStateDir.put(stateDir, p);
        made.add(p);
        return p;
    }

    /** One fake process. */
    public static final class FakeProcess implements ProcessControl {
        private final int pid;
        private final byte[] output;
        private final boolean failState;
        private volatile boolean started;
        volatile java.util.List<dev.cortado.cgroups.controller.DroppedLimit> dropped = java.util.List.of();
        /** Whether its monitor was told to go (Delete, or a failed create or exec undone). */
        public volatile boolean deleted;

        @Override
        public java.util.List<dev.cortado.cgroups.controller.DroppedLimit> droppedLimits() {
            return dropped;
        }

        public final CompletableFuture<ExitStatus> exit = new CompletableFuture<>();

        FakeProcess(int pid, String output, boolean failState) {
            this.pid = pid;
            this.output = output.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            this.failState = failState;
        }

        /** Whether it still runs (not exited) or its monitor is still there. */
        public boolean leftBehind() {
            return !exit.isDone() || !deleted;
        }

        /** Makes the process exit by itself with {@code code}. */
        public void exit(int code) {
            exit.complete(new ExitStatus(code, Instant.now()));
        }

        public TaskState state() {
            if (failState) {
                throw CortadoException.internal("injected failure at state", null);
            }
            if (exit.isDone()) {
                // as a monitor: once exited, the pid is no longer said
                return new TaskState(TaskState.Status.EXITED, 0, Optional.of(exit.join()));
            }
            return new TaskState(started ? TaskState.Status.RUNNING : TaskState.Status.CREATED, pid, Optional.empty());
        }

        public void start() {
            started = true;
        }

        /** As cortado-init's monitor: a kill after the exit is refused ("container has exited"). */
        public void kill(int signal) {
            if (exit.isDone()) {
                throw CortadoException.failedPrecondition("kill %d: container has exited", signal);
            }
            exit(128 + signal);
        }

        public ExitStatus waitForExit() {
            return exit.join();
        }

        public ContainerIo stdio() {
            return ContainerIo.of(
                    OutputStream.nullOutputStream(),
                    new ByteArrayInputStream(output),
                    new ByteArrayInputStream(new byte[0]));
        }

        /** As a monitor going away after its process exited: the connection is reset. */
        public void closeStdin() {
            if (exit.isDone()) {
                throw CortadoException.internal("read fd 52 failed: errno 104", null);
            }
        }

        public void resize(int rows, int cols) {}

        public void delete() {
            deleted = true;
        }
    }
}

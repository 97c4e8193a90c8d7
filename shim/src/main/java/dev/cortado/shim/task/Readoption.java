package dev.cortado.shim.task;

import dev.cortado.errors.CortadoException;
import dev.cortado.shim.io.StdioPaths;
import dev.cortado.shim.process.ContainerIo;
import dev.cortado.shim.process.ExitStatus;
import dev.cortado.shim.process.TaskState;
import dev.cortado.shim.spec.SpecReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings back every task a previous server left in the store (DESIGN "Nothing lost"): each
 * monitor is re-adopted with the same pid, its output re-attached, and an exit that happened
 * while no server was running is reported with its real code.
 */
public final class Readoption {
    private static final Logger LOG = LoggerFactory.getLogger(Readoption.class);

    private final TaskRegistry registry;
    private final TaskStore store;
    private final ProcessFactory processes;
    private final TaskCgroups cgroups;
    private final TaskService service;
    private final dev.cortado.shim.events.EventSink events;
    // @GuardedBy("this"): read by expectAll, taken by readoptExpected
    private List<TaskRecord> expected = List.of();

    public Readoption(
            TaskRegistry registry,
            TaskStore store,
            ProcessFactory processes,
            TaskCgroups cgroups,
            TaskService service,
            dev.cortado.shim.events.EventSink events) {
        this.registry = registry;
        this.store = store;
        this.processes = processes;
        this.cgroups = cgroups;
        this.service = service;
        this.events = events;
    }

    /** Re-adopts every stored task; returns how many. */
    public int readoptAll() {
        expectAll();
        return readoptExpected(1).join();
    }

    /**
     * Reads the stored tasks and has the registry make calls for each wait until it is
     * re-adopted, so that the server can serve before {@link #readoptExpected} is done; returns
     * their namespaces (whose endpoints the server reopens).
     */
    public synchronized java.util.Set<String> expectAll() {
        expected = store.loadAll();
        expected.forEach(r -> registry.expect(r.key()));
        return expected.stream().map(r -> r.key().namespace()).collect(java.util.stream.Collectors.toSet());
    }

    /**
     * Re-adopts the tasks {@link #expectAll} read, {@code parallelism} at a time on threads of
     * its own (each task is a few blocking calls to its monitor and files to read); completes
     * with how many were re-adopted.
     */
    public synchronized CompletableFuture<Integer> readoptExpected(int parallelism) {
        List<TaskRecord> records = List.copyOf(expected);
        expected = List.of();
        if (records.isEmpty()) {
            return CompletableFuture.completedFuture(0);
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger adopted = new AtomicInteger();
        List<CompletableFuture<Void>> threads = new ArrayList<>();
        for (int i = 0; i < Math.min(parallelism, records.size()); i++) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            Thread t = new Thread(
                    () -> {
                        for (int k = next.getAndIncrement(); k < records.size(); k = next.getAndIncrement()) {
                            if (readoptOne(records.get(k))) {
                                adopted.incrementAndGet();
                            }
                        }
                        done.complete(null);
                    },
                    "readoption-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(done);
        }
        return CompletableFuture.allOf(threads.toArray(CompletableFuture[]::new))
                .thenApply(v -> adopted.get());
    }

    private boolean readoptOne(TaskRecord record) {
        try {
            readopt(record);
            return true;
        } catch (RuntimeException e) {
            LOG.warn("cannot re-adopt task {}: {}", record.key(), e.toString());
            return false;
        } finally {
            registry.adopted(record.key());
        }
    }

    private void readopt(TaskRecord record) {
        TaskKey key = record.key();
        Path bundle = Path.of(record.bundle());
        var spec = new SpecReader().read(bundle);
        TaskProcess init = adopt(store.processDir(key, ""), "", record.stdio());
        Task task = new Task(key, bundle, spec, store.dirOf(key), record.rootfsMounted(), init, record.options());
        task.addDroppedLimits(record.droppedLimits());
        if (init.state() == Lifecycle.RUNNING && task.cgroupsPath() != null && cgroups.isFrozen(task.cgroupsPath())) {
            init.transition(Lifecycle.Action.PAUSE, "task " + key, p -> {});
        }
        for (TaskRecord.Exec e : record.execs()) {
            task.addExec(adopt(store.processDir(key, e.execId()), e.execId(), e.stdio()));
        }
        registry.put(task);
        for (TaskProcess p : java.util.stream.Stream.concat(java.util.stream.Stream.of(init), task.execs().stream())
                .toList()) {
            if (service.watcher().adoptPublished(task, p)) {
                continue; // containerd has this exit: stopped, output long copied, nothing to publish
            }
            try {
                service.watcher().attach(task, p);
            } catch (RuntimeException ex) {
                LOG.info("no stdio for {} {}: {}", key, p.execId(), ex.toString());
            }
            service.watcher().watch(task, p);
        }
        TaskOom.watch(task, cgroups, events);
        LOG.info(
                "re-adopted task {} (pid {}, {})", key, init.pid(), init.state().label());
    }

    private TaskProcess adopt(Path stateDir, String execId, StdioPaths stdio) {
        ProcessControl control;
        TaskState state;
        try {
            control = processes.adopt(stateDir);
            state = control.state();
        } catch (CortadoException e) {
            // the monitor is gone too (e.g. killed): what it wrote to the exit file is all we have
            control = new GoneProcess(stateDir);
            state = control.state();
        }
        Lifecycle lifecycle = switch (state.status()) {
            case CREATED -> Lifecycle.CREATED;
            case RUNNING -> Lifecycle.RUNNING;
            case EXITED -> Lifecycle.RUNNING; // the watcher records the exit and publishes it
        };
        // a monitor whose process exited no longer says its pid: the one kept when it was watched
        int pid = state.pid() > 0 ? state.pid() : PublishedExits.pidIn(stateDir);
        return new TaskProcess(execId, control, stdio, lifecycle, pid);
    }

    /** A process whose monitor no longer answers: exited, with the code of its exit file or 255. */
    record GoneProcess(Path stateDir) implements ProcessControl {
        private ExitStatus status() {
            try {
                String[] parts =
                        Files.readString(stateDir.resolve("exit")).trim().split(" ");
                return ExitStatus.parse(parts[0], parts[1]);
            } catch (java.io.IOException | RuntimeException e) {
                return new ExitStatus(ProcessWatcher.UNKNOWN_EXIT, Instant.now());
            }
        }

        public TaskState state() {
            return new TaskState(TaskState.Status.EXITED, 0, Optional.of(status()));
        }

        public void start() {
            throw CortadoException.failedPrecondition("monitor of %s is gone", stateDir);
        }

        public void kill(int signal) {
            throw CortadoException.notFound("process of %s already finished", stateDir);
        }

        public ExitStatus waitForExit() {
            return status();
        }

        public ContainerIo stdio() {
            throw CortadoException.notFound("monitor of %s is gone", stateDir);
        }

        public void closeStdin() {}

        public void resize(int rows, int cols) {}

        public void delete() {}
    }
}

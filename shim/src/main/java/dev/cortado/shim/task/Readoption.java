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
import java.util.Optional;
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
        int n = 0;
        for (TaskRecord record : store.loadAll()) {
            try {
                readopt(record);
                n++;
            } catch (RuntimeException e) {
                LOG.warn("cannot re-adopt task {}: {}", record.key(), e.toString());
            }
        }
        return n;
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
        return new TaskProcess(execId, control, stdio, lifecycle, state.pid());
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

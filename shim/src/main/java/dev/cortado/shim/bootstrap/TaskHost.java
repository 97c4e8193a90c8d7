package dev.cortado.shim.bootstrap;

import dev.cortado.cgroups.CgroupException;
import dev.cortado.cgroups.CgroupPath;
import dev.cortado.cgroups.Hierarchy;
import dev.cortado.cgroups.HierarchyDetector;
import dev.cortado.cgroups.RealCgroupFs;
import dev.cortado.cgroups.control.CgroupManager;
import dev.cortado.cgroups.control.Signaller;
import dev.cortado.cgroups.control.Ticker;
import dev.cortado.shim.checkpoint.CriuProcess;
import dev.cortado.shim.checkpoint.TaskCheckpointer;
import dev.cortado.shim.events.EventSink;
import dev.cortado.shim.io.LogSinks;
import dev.cortado.shim.launch.ContainerCgroups;
import dev.cortado.shim.launch.InitBinary;
import dev.cortado.shim.launch.Launcher;
import dev.cortado.shim.launch.PlanBuilder;
import dev.cortado.shim.linux.LibSeccomp;
import dev.cortado.shim.linux.LibcSyscalls;
import dev.cortado.shim.loop.FileWatches;
import dev.cortado.shim.loop.IoLoop;
import dev.cortado.shim.options.LimitPolicy;
import dev.cortado.shim.task.HostCgroups;
import dev.cortado.shim.task.LauncherProcesses;
import dev.cortado.shim.task.ProcessOperations;
import dev.cortado.shim.task.Readoption;
import dev.cortado.shim.task.TaskRegistry;
import dev.cortado.shim.task.TaskResources;
import dev.cortado.shim.task.TaskService;
import dev.cortado.shim.task.TaskStore;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The task service wired to this host, whoever serves it: the shim server ({@link ServerMain},
 * behind the Task API) and cortado's in-process handler (called directly). One cgroup manager,
 * detected once, for the launcher's cgroups and the task service's; one event loop for every
 * exit, stdio stream and OOM watch; task state (and the monitors' directories) under
 * {@code <root>/t}, cortado-init extracted to {@code <root>/bin}. Closing stops the loop and the
 * state cleanup thread; the monitors, and so the containers, keep running for the next host on
 * the same root to re-adopt ({@link #readoptAll}).
 */
public final class TaskHost implements AutoCloseable {
    /** How long one criu run (check or dump) may take. */
    private static final long CRIU_TIMEOUT_SECONDS = 300;

    private final TaskRegistry registry;
    private final TaskStore store;
    private final IoLoop loop;
    private final ExecutorService cleanup;
    private final LauncherProcesses processes;
    private final HostCgroups cgroups;
    private final EventSink events;
    private final TaskService service;
    private final ProcessOperations operations;
    private final TaskResources resources;
    private final TaskCheckpointer checkpointer;

    private TaskHost(Path root, EventSink events, Supplier<LimitPolicy> nodePolicy, ExecutorService cleanup) {
        LibcSyscalls sys = new LibcSyscalls();
        Hierarchy hierarchy = HierarchyDetector.forHost().detect();
        CgroupManager manager =
                new CgroupManager(new RealCgroupFs(), hierarchy, Ticker.system(), Signaller.processHandles());
        Launcher launcher = new Launcher(
                sys,
                new PlanBuilder(new LibSeccomp(sys), hierarchy.root()),
                InitBinary.locate(root.resolve("bin")),
                null,
                new ContainerCgroups(manager));
        this.cleanup = cleanup;
        this.events = events;
        this.registry = new TaskRegistry();
        this.store = new TaskStore(root, cleanup); // a deleted task's files go after Delete answered
        this.loop = IoLoop.start(sys);
        try {
            this.cgroups = new HostCgroups(manager, new SyscallSignals(sys), new FileWatches(loop));
            this.processes = new LauncherProcesses(launcher, loop);
            LogSinks logs = new LogSinks(new SyscallFifoWriters(sys), LogSinks.CONTAINERD_FIFO_DIR, loop);
            this.service = new TaskService(
                    registry, store, processes, new SyscallMounter(sys), cgroups, events, logs, nodePolicy);
            this.operations = new ProcessOperations(registry, store, processes, cgroups, events, logs);
            this.resources = new TaskResources(registry, cgroups, events, store);
            this.checkpointer = new TaskCheckpointer(
                    registry,
                    new CriuProcess(CriuProcess.binary(System.getenv()), CRIU_TIMEOUT_SECONDS),
                    cgroupsPath -> cgroupDir(manager, cgroupsPath));
        } catch (RuntimeException e) {
            loop.close();
            throw e;
        }
    }

    /**
     * Wires the task service on state root {@code root} (which must exist): events go to
     * {@code events} in order, and a task whose options leave {@code UnenforceableLimits} unset
     * gets {@code nodePolicy}, asked at each Create. No task is re-adopted yet.
     */
    public static TaskHost open(Path root, EventSink events, Supplier<LimitPolicy> nodePolicy) {
        ExecutorService cleanup = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "state-cleanup");
            t.setDaemon(true);
            return t;
        });
        try {
            return new TaskHost(root, events, nodePolicy, cleanup);
        } catch (RuntimeException e) {
            cleanup.shutdown();
            throw e;
        }
    }

    /**
     * Re-adopts every task a previous host left under the root (DESIGN "Nothing lost"): each
     * monitor with its pid and output, an exit that happened meanwhile published once. Returns how
     * many.
     */
    public int readoptAll() {
        return readoption().readoptAll();
    }

    /** A re-adoption of the tasks under the root, for a server that serves while it runs ({@link Readoption#expectAll}). */
    public Readoption readoption() {
        return new Readoption(registry, store, processes, cgroups, service, events);
    }

    public TaskRegistry registry() {
        return registry;
    }

    public TaskService service() {
        return service;
    }

    /** Exec, kill, close stdin, resize. */
    public ProcessOperations operations() {
        return operations;
    }

    /** Pause, resume, update, stats, pids. */
    public TaskResources resources() {
        return resources;
    }

    /** Checkpoint with criu. */
    public TaskCheckpointer checkpointer() {
        return checkpointer;
    }

    /** The directory of a task's cgroup, for criu's {@code --freeze-cgroup}; empty when it cannot be opened. */
    private static Optional<Path> cgroupDir(CgroupManager manager, String cgroupsPath) {
        try {
            return Optional.of(manager.open(CgroupPath.parse(cgroupsPath)).dir());
        } catch (CgroupException e) {
            return Optional.empty();
        }
    }

    /** Stops the event loop and the cleanup thread; monitors and containers keep running. */
    @Override
    public void close() {
        loop.close();
        cleanup.shutdown();
    }
}

package dev.cortado.shim.task;

import dev.cortado.shim.bootstrap.SyscallFifoWriters;
import dev.cortado.shim.io.LogSinks;
import dev.cortado.shim.linux.RecordingSyscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A task service over fakes, with a bundle in a temp dir. */
public final class TaskFixture {
    public final FakeProcesses processes = new FakeProcesses();
    public final FakeCgroups cgroups = new FakeCgroups();
    public final RecordingEvents events = new RecordingEvents();
    public final RecordingMounter mounter = new RecordingMounter();
    public final TaskRegistry registry = new TaskRegistry();
    public final TaskStore store;
    public final TaskService service;
    public final TaskResources resources;
    public final ProcessOperations operations;
    public final Path bundle;
    private final LogSinks logs;
    /** The node's UnenforceableLimits (ShimConfig), asked at each Create. */
    public volatile dev.cortado.shim.options.LimitPolicy nodePolicy = dev.cortado.shim.options.LimitPolicy.REFUSE;

    public TaskFixture(Path dir) throws IOException {
        store = new TaskStore(dir.resolve("root"));
        logs = new LogSinks(new SyscallFifoWriters(new RecordingSyscalls()), dir.resolve("fifo"));
        service = new TaskService(registry, store, processes, mounter, cgroups, events, logs, () -> nodePolicy);
        resources = new TaskResources(registry, cgroups, events, store);
        operations = new ProcessOperations(registry, store, processes, cgroups, events, logs);
        bundle = Files.createDirectories(dir.resolve("bundle"));
        Files.writeString(bundle.resolve("config.json"), """
                {"ociVersion":"1.0.2","process":{"args":["sh"],"cwd":"/"},"root":{"path":"rootfs"},
                 "linux":{"cgroupsPath":"/test/c1","namespaces":[{"type":"pid"},{"type":"mount"}]}}
                """);
    }

    /** A new task service over the same store and processes, as after a server restart. */
    public TaskService restarted(TaskRegistry newRegistry, RecordingEvents newEvents) {
        TaskService s = serviceAfterRestart(newRegistry, newEvents);
        new Readoption(newRegistry, store, processes, cgroups, s, newEvents).readoptAll();
        return s;
    }

    /** The re-adoption for a service made by {@link #serviceAfterRestart}, left to the caller. */
    public Readoption readoption(TaskRegistry newRegistry, RecordingEvents newEvents, TaskService s) {
        return new Readoption(newRegistry, store, processes, cgroups, s, newEvents);
    }

    /** A new task service over the same store and processes, its tasks not re-adopted yet. */
    public TaskService serviceAfterRestart(TaskRegistry newRegistry, RecordingEvents newEvents) {
        return new TaskService(
                newRegistry,
                store,
                processes,
                new RootfsMounter() {
                    public void mount(List<RootfsMount> mounts, Path target) {}

                    public void unmount(Path target) {}
                },
                cgroups,
                newEvents,
                logs);
    }
}

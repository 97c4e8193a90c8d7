package dev.cortado.shim.launch;

import dev.cortado.cgroups.HierarchyDetector;
import dev.cortado.cgroups.RealCgroupFs;
import dev.cortado.cgroups.control.CgroupManager;
import dev.cortado.cgroups.control.Signaller;
import dev.cortado.cgroups.control.Ticker;
import dev.cortado.shim.bootstrap.SyscallFifoWriters;
import dev.cortado.shim.events.EventSink;
import dev.cortado.shim.io.LogSinks;
import dev.cortado.shim.io.StdioPaths;
import dev.cortado.shim.spec.Spec;
import dev.cortado.shim.task.CreateTask;
import dev.cortado.shim.task.HostCgroups;
import dev.cortado.shim.task.LauncherProcesses;
import dev.cortado.shim.task.ProcessOperations;
import dev.cortado.shim.task.RootfsMount;
import dev.cortado.shim.task.RootfsMounter;
import dev.cortado.shim.task.TaskKey;
import dev.cortado.shim.task.TaskRegistry;
import dev.cortado.shim.task.TaskService;
import dev.cortado.shim.task.TaskStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/** The shim's task service wired as the server wires it, over the {@link Containers}' launcher: real monitors and cgroups. */
final class RealTaskService implements AutoCloseable {
    final TaskRegistry registry = new TaskRegistry();
    final TaskStore store;
    final TaskService service;
    final ProcessOperations operations;
    final dev.cortado.shim.task.TaskResources resources;
    private final Path dir;
    private final HostCgroups cgroups;
    /** The server's event loop: exits, stdio and OOM watches as production runs them. */
    final dev.cortado.shim.loop.IoLoop loop;

    RealTaskService(Containers containers, Path dir) {
        this.dir = dir;
        this.store = new TaskStore(dir.resolve("shim"));
        this.loop = dev.cortado.shim.loop.IoLoop.start(containers.sys);
        this.cgroups = new HostCgroups(
                new CgroupManager(
                        new RealCgroupFs(),
                        HierarchyDetector.forHost().detect(),
                        Ticker.system(),
                        Signaller.processHandles()),
                new dev.cortado.shim.bootstrap.SyscallSignals(new dev.cortado.shim.linux.LibcSyscalls()),
                new dev.cortado.shim.loop.FileWatches(loop));
        LauncherProcesses processes = new LauncherProcesses(containers.launcher, loop);
        LogSinks logs = new LogSinks(new SyscallFifoWriters(containers.sys), dir.resolve("fifo"), loop);
        RootfsMounter noMounts = new RootfsMounter() {
            public void mount(List<RootfsMount> mounts, Path target) {}

            public void unmount(Path target) {}
        };
        service = new TaskService(registry, store, processes, noMounts, cgroups, EventSink.discarding(), logs);
        operations = new ProcessOperations(registry, store, processes, cgroups, EventSink.discarding(), logs);
        resources = new dev.cortado.shim.task.TaskResources(registry, cgroups, EventSink.discarding(), store);
    }

    /** Writes {@code spec} as a bundle's config.json and creates task {@code id} from it. */
    TaskKey create(String id, Spec spec) throws IOException {
        Path bundle = Files.createDirectories(dir.resolve("bundle-" + id));
        Files.write(bundle.resolve("config.json"), JsonMapper.builder().build().writeValueAsBytes(spec));
        TaskKey key = new TaskKey("hardening-test", id);
        service.create(new CreateTask(key, bundle, List.of(), StdioPaths.none()));
        return key;
    }

    /** Kills and deletes whatever task is left (a test that failed midway). */
    @Override
    public void close() {
        for (var task : registry.all()) {
            try {
                task.execs().forEach(e -> {
                    try {
                        operations.kill(task.key(), e.execId(), 9, false);
                    } catch (RuntimeException ignored) {
                        // exited already
                    }
                });
                operations.kill(task.key(), "", 9, true);
            } catch (RuntimeException ignored) {
                // exited already
            }
            try {
                // whatever a failed test left in the cgroup (init may have exited without it)
                cgroups.signalAll(task.spec().linux().cgroupsPath(), 9);
            } catch (RuntimeException ignored) {
                // no cgroup left
            }
            try {
                service.waitFor(task.key(), "");
                task.execs().forEach(e -> {
                    service.waitFor(task.key(), e.execId());
                    service.delete(task.key(), e.execId());
                });
                service.delete(task.key(), "");
            } catch (RuntimeException ignored) {
                // best effort
            }
        }
        loop.close();
    }
}

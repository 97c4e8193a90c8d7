package dev.cortado.shim.bootstrap;

import com.google.protobuf.Timestamp;
import dev.cortado.api.containerd.task.v3.DeleteResponse;
import dev.cortado.shim.linux.LibcSyscalls;
import dev.cortado.shim.process.ExitStatus;
import dev.cortado.shim.process.Monitor;
import dev.cortado.shim.process.TaskState;
import dev.cortado.shim.task.TaskKey;
import dev.cortado.shim.task.TaskStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * {@code delete}: containerd runs it when it cannot reach the shim (features.md §5.3), so it
 * works without the server: SIGKILL the task's process through its monitor if it still runs,
 * end the monitor, unmount {@code <bundle>/rootfs}, remove the task state, and print a protobuf
 * {@code DeleteResponse} (exit 137 = 128+SIGKILL when we killed it, as the runc shim).
 */
public final class DeleteCommand {
    private static final int SIGKILL_EXIT = 128 + 9;

    private DeleteCommand() {}

    /** Removes the container's cgroup named by the bundle's spec; best effort, as the rest. */
    private static void removeCgroup(String bundle) {
        try {
            String path = new dev.cortado.shim.spec.SpecReader()
                    .read(Path.of(bundle))
                    .linux()
                    .cgroupsPath();
            if (path != null && !path.isEmpty()) {
                var hierarchy = dev.cortado.cgroups.HierarchyDetector.forHost().detect();
                new dev.cortado.cgroups.control.CgroupManager(
                                new dev.cortado.cgroups.RealCgroupFs(),
                                hierarchy,
                                dev.cortado.cgroups.control.Ticker.system(),
                                dev.cortado.cgroups.control.Signaller.processHandles())
                        .delete(dev.cortado.cgroups.CgroupPath.parse(path), java.time.Duration.ofSeconds(5));
            }
        } catch (RuntimeException e) {
            // no bundle, no spec or no cgroup: nothing to remove
        }
    }

    /** Returns the reply bytes for stdout. */
    public static byte[] run(ShimFlags flags, Map<String, String> env) {
        StateRoot root = StateRoot.fromEnv(env);
        TaskKey key = new TaskKey(flags.namespace(), flags.id());
        TaskStore store = new TaskStore(root.dir());
        Path stateDir = store.processDir(key, "");
        int pid = 0;
        ExitStatus exit = new ExitStatus(SIGKILL_EXIT, Instant.now());
        if (Files.exists(stateDir.resolve("control.sock"))) {
            try {
                Monitor monitor = new Monitor(new LibcSyscalls(), stateDir);
                TaskState state = monitor.state();
                pid = state.pid();
                if (state.status() != TaskState.Status.EXITED) {
                    monitor.kill(9);
                }
                exit = monitor.waitForExit();
                monitor.delete();
            } catch (RuntimeException e) {
                // the monitor is gone too; nothing left to kill
            }
        }
        if (!flags.bundle().isEmpty()) {
            try {
                new SyscallMounter(new LibcSyscalls())
                        .unmount(Path.of(flags.bundle()).resolve("rootfs"));
            } catch (RuntimeException e) {
                // best effort: containerd removes the bundle next and reports what fails there
            }
        }
        removeCgroup(flags.bundle());
        store.remove(key);
        return DeleteResponse.newBuilder()
                .setPid(pid)
                .setExitStatus(exit.code())
                .setExitedAt(Timestamp.newBuilder()
                        .setSeconds(exit.exitedAt().getEpochSecond())
                        .setNanos(exit.exitedAt().getNano()))
                .build()
                .toByteArray();
    }
}

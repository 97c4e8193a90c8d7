package dev.cortado.shim.launch;

import dev.cortado.cgroups.controller.DroppedLimit;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import dev.cortado.shim.linux.LinuxSyscalls;
import dev.cortado.shim.process.Monitor;
import dev.cortado.shim.process.TaskState;
import dev.cortado.shim.spec.ProcessSpec;
import dev.cortado.shim.spec.Spec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/**
 * Creates containers by spawning cortado-init with a plan, and re-adopts the monitors of
 * containers that an earlier JVM created.
 */
public final class Launcher {
    private final LinuxSyscalls sys;
    private final PlanBuilder plans;
    private final InitSpawner init;
    private final ContainerCgroups cgroups;
    private final Path monitorCgroup;

    /** A launcher whose monitors stay in the cgroup of this JVM. */
    public Launcher(LinuxSyscalls sys, PlanBuilder plans, Path initBinary) {
        this(sys, plans, initBinary, null);
    }

    /**
     * A launcher whose monitors move into {@code monitorCgroup} (an existing cgroup2
     * directory, or null to stay in this JVM's): outside the shim's service cgroup, stopping
     * or restarting the service (systemd kills the whole cgroup) leaves monitors and
     * containers running, for the next shim to re-adopt.
     */
    public Launcher(LinuxSyscalls sys, PlanBuilder plans, Path initBinary, Path monitorCgroup) {
        this(sys, plans, initBinary, monitorCgroup, ContainerCgroups.at(plans.cgroupRoot()));
    }

    /** A launcher that makes container cgroups through {@code cgroups}. */
    public Launcher(
            LinuxSyscalls sys, PlanBuilder plans, Path initBinary, Path monitorCgroup, ContainerCgroups cgroups) {
        this.sys = sys;
        this.plans = plans;
        this.init = new InitSpawner(sys, initBinary);
        this.monitorCgroup = monitorCgroup;
        this.cgroups = cgroups;
    }

    /**
     * Creates the container of {@code spec}: when this returns, its process exists in its
     * namespaces and cgroup, stopped before exec until {@link Monitor#start()}.
     */
    public Monitor create(String id, Spec spec, Path stateDir) {
        return create(id, spec, stateDir, LaunchOptions.DEFAULT);
    }

    /** Creates the container of {@code spec} with the given {@link LaunchOptions}. */
    public Monitor create(String id, Spec spec, Path stateDir, LaunchOptions options) {
        return launch(id, spec, stateDir, options).monitor();
    }

    /**
     * Creates the container of {@code spec}, as {@link #create}, and says which limits were left
     * out because the cgroup hierarchy cannot enforce them (only under
     * {@link dev.cortado.shim.options.LimitPolicy#WARN}; under REFUSE such a limit fails create).
     */
    public Launched launch(String id, Spec spec, Path stateDir, LaunchOptions options) {
        byte[] plan = forMonitor(plans.build(spec, stateDir), options).toBytes();
        Path cgroup = plans.cgroupDirectoryOf(spec)
                .orElseThrow(() -> new CortadoException(
                        ErrorKind.INVALID_ARGUMENT,
                        "container " + id + " needs linux.cgroupsPath: its device filter is attached there"));
        boolean madeCgroup = !Files.isDirectory(cgroup);
        // limits the hierarchy cannot enforce fail here (or are left out), before anything is made
        List<DroppedLimit> dropped =
                cgroups.create(id, cgroup, spec.linux().resources(), options.unenforceableLimits());
        try {
            createStateDir(stateDir);
            // deny all, the spec's rules, then the devices every container gets (runc appends its
            // AllowedDevices the same way); attached before the container exists, so even its
            // first mknod is filtered
            sys.attachDeviceFilter(
                    cgroup,
                    DeviceFilter.compile(
                            DeviceFilter.effectiveRules(spec.linux().resources().devices())));
            return new Launched(spawn("create container " + id, id, plan, stateDir), dropped);
        } catch (RuntimeException e) {
            // the cgroup we made goes (with its device filter); one that was there stays
            if (madeCgroup) {
                try {
                    cgroups.remove(id, cgroup);
                } catch (RuntimeException removeFailed) {
                    e.addSuppressed(removeFailed);
                }
            }
            throw e;
        }
    }

    /**
     * A created container.
     *
     * @param monitor its monitor
     * @param droppedLimits the limits left out because the host cannot enforce them
     */
    public record Launched(Monitor monitor, List<DroppedLimit> droppedLimits) {
        /** Copies the list. */
        public Launched {
            droppedLimits = List.copyOf(droppedLimits);
        }
    }

    /**
     * Creates an exec process inside the running container that {@code container} describes
     * and {@code init} monitors: same namespaces, cgroup and seccomp profile, and the process's
     * own user, capabilities and no_new_privs. It waits for {@link Monitor#start()}.
     */
    public Monitor exec(String execId, Spec container, Monitor init, ProcessSpec process, Path stateDir) {
        return exec(execId, container, init, process, stateDir, LaunchOptions.DEFAULT);
    }

    /** Creates an exec process with the given {@link LaunchOptions}. */
    public Monitor exec(
            String execId, Spec container, Monitor init, ProcessSpec process, Path stateDir, LaunchOptions options) {
        // The monitor reaps the container only after it exits, so its pid cannot be reused
        // while the monitor says RUNNING; the namespace inodes read between two such answers
        // are the container's, and cortado-init checks them again when it opens the files.
        TaskState before = init.state();
        if (before.status() != TaskState.Status.RUNNING) {
            throw new CortadoException(
                    ErrorKind.FAILED_PRECONDITION,
                    "exec " + execId + ": container is "
                            + before.status().name().toLowerCase(java.util.Locale.ROOT));
        }
        Map<String, Long> inodes = new java.util.HashMap<>();
        for (String ns : List.of("mnt", "net", "pid", "ipc", "uts", "cgroup", "user")) {
            inodes.put(ns, namespaceInode(before.pid(), ns));
        }
        TaskState after = init.state();
        if (after.status() != TaskState.Status.RUNNING || after.pid() != before.pid()) {
            throw new CortadoException(ErrorKind.FAILED_PRECONDITION, "exec " + execId + ": container exited");
        }
        byte[] plan = forMonitor(plans.buildExec(container, process, before.pid(), inodes, stateDir), options)
                .toBytes();
        createStateDir(stateDir);
        return spawn("exec " + execId, execId, plan, stateDir);
    }

    /** Adds the records that concern the monitor rather than the spec. */
    private PlanWriter forMonitor(PlanWriter plan, LaunchOptions options) {
        if (monitorCgroup != null) {
            plan.add("monitor-cgroup", monitorCgroup.toString());
        }
        return options.writeTo(plan);
    }

    private static long namespaceInode(int pid, String ns) {
        try {
            String link = Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/" + ns))
                    .toString();
            return Long.parseLong(link.substring(link.indexOf('[') + 1, link.indexOf(']')));
        } catch (IOException | RuntimeException e) {
            throw new CortadoException(ErrorKind.FAILED_PRECONDITION, "read namespace " + ns + " of pid " + pid, e);
        }
    }

    private Monitor spawn(String what, String name, byte[] plan, Path stateDir) {
        init.spawn(what, name, plan, stateDir);
        return new Monitor(sys, stateDir);
    }

    /** Re-adopts the monitor whose state is in {@code stateDir}, after a shim restart. */
    public Monitor adopt(Path stateDir) {
        Monitor monitor = new Monitor(sys, stateDir);
        TaskState state = monitor.state(); // fails with UNAVAILABLE when no monitor answers
        if (state == null) {
            throw new CortadoException(ErrorKind.NOT_FOUND, "no container monitor in " + stateDir);
        }
        return monitor;
    }

    private static void createStateDir(Path stateDir) {
        try {
            Files.createDirectories(
                    stateDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new CortadoException(ErrorKind.INTERNAL, "create state directory " + stateDir, e);
        }
    }
}

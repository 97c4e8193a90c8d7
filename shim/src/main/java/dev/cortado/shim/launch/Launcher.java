package dev.cortado.shim.launch;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import dev.cortado.shim.linux.LinuxSyscalls;
import dev.cortado.shim.process.Monitor;
import dev.cortado.shim.process.TaskState;
import dev.cortado.shim.spec.ProcessSpec;
import dev.cortado.shim.spec.Spec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
    private static final int O_WRONLY = 1;
    private static final int O_RDWR = 2;
    private static final int O_CREAT = 0100;
    private static final int O_APPEND = 02000;

    private final LinuxSyscalls sys;
    private final PlanBuilder plans;
    /** The child fd that carries the sealed copy of cortado-init, which execs it by path. */
    static final int INIT_FD = 5;

    private final Path initBinary;
    // @GuardedBy("this"): the sealed copy, made once and shared by every monitor (one copy
    // in memory however many containers run)
    private int sealedInit = -1;

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
        this.sys = sys;
        this.plans = plans;
        this.initBinary = initBinary;
        this.monitorCgroup = monitorCgroup;
    }

    /**
     * Creates the container of {@code spec}: when this returns, its process exists in its
     * namespaces and cgroup, stopped before exec until {@link Monitor#start()}.
     */
    public Monitor create(String id, Spec spec, Path stateDir) {
        byte[] plan = forMonitor(plans.build(spec, stateDir)).toBytes();
        createStateDir(stateDir);
        java.util.Optional<Path> cgroup = plans.cgroupDirectoryOf(spec);
        cgroup.ifPresent(Launcher::createCgroup);
        // deny all, the spec's rules, then the devices every container gets (runc appends its
        // AllowedDevices the same way); attached before the container exists, so even its
        // first mknod is filtered
        Path dir = cgroup.orElseThrow(() -> new CortadoException(ErrorKind.INVALID_ARGUMENT,
                "container " + id + " needs linux.cgroupsPath: its device filter is attached there"));
        sys.attachDeviceFilter(dir, DeviceFilter.compile(DeviceFilter.effectiveRules(spec.linux().resources().devices())));
        return spawn("create container " + id, id, plan, stateDir);
    }

    /**
     * Creates an exec process inside the running container that {@code container} describes
     * and {@code init} monitors: same namespaces, cgroup and seccomp profile, and the process's
     * own user, capabilities and no_new_privs. It waits for {@link Monitor#start()}.
     */
    public Monitor exec(String execId, Spec container, Monitor init, ProcessSpec process, Path stateDir) {
        // The monitor reaps the container only after it exits, so its pid cannot be reused
        // while the monitor says RUNNING; the namespace inodes read between two such answers
        // are the container's, and cortado-init checks them again when it opens the files.
        TaskState before = init.state();
        if (before.status() != TaskState.Status.RUNNING) {
            throw new CortadoException(ErrorKind.FAILED_PRECONDITION,
                    "exec " + execId + ": container is " + before.status().name().toLowerCase(java.util.Locale.ROOT));
        }
        Map<String, Long> inodes = new java.util.HashMap<>();
        for (String ns : List.of("mnt", "net", "pid", "ipc", "uts", "cgroup", "user")) {
            inodes.put(ns, namespaceInode(before.pid(), ns));
        }
        TaskState after = init.state();
        if (after.status() != TaskState.Status.RUNNING || after.pid() != before.pid()) {
            throw new CortadoException(ErrorKind.FAILED_PRECONDITION, "exec " + execId + ": container exited");
        }
        byte[] plan = forMonitor(plans.buildExec(container, process, before.pid(), inodes, stateDir)).toBytes();
        createStateDir(stateDir);
        return spawn("exec " + execId, execId, plan, stateDir);
    }

    private PlanWriter forMonitor(PlanWriter plan) {
        return monitorCgroup == null ? plan : plan.add("monitor-cgroup", monitorCgroup.toString());
    }

    private static long namespaceInode(int pid, String ns) {
        try {
            String link = Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/" + ns)).toString();
            return Long.parseLong(link.substring(link.indexOf('[') + 1, link.indexOf(']')));
        } catch (IOException | RuntimeException e) {
            throw new CortadoException(ErrorKind.FAILED_PRECONDITION, "read namespace " + ns + " of pid " + pid, e);
        }
    }

    /** Spawns cortado-init with a plan and waits for its report. */
    private Monitor spawn(String what, String name, byte[] plan, Path stateDir) {
        int[] planPipe = sys.pipe();
        int[] report = sys.pipe();
        int log = sys.open(stateDir.resolve("init.log").toString(), O_WRONLY | O_CREAT | O_APPEND, 0600);
        int devNull = sys.open("/dev/null", O_RDWR, 0);
        int pid;
        try {
            // cortado-init runs from a sealed memfd: a container process that reaches one of
            // its processes (the container before execve, an exec helper joining the
            // container) sees that copy at /proc/PID/exe and cannot rewrite the host's binary
            // (CVE-2019-5736)
            pid = sys.spawn("/proc/self/fd/" + INIT_FD, List.of("cortado-init", name), List.of(),
                    Map.of(0, devNull, 1, log, 2, log, 3, planPipe[0], 4, report[1], INIT_FD, sealedInit()));
        } finally {
            sys.close(planPipe[0]);
            sys.close(report[1]);
            sys.close(log);
            sys.close(devNull);
        }
        try {
            sys.write(planPipe[1], plan);
        } catch (CortadoException e) {
            // EPIPE: cortado-init died early; its report says why
        } finally {
            sys.close(planPipe[1]);
        }
        String line = readLine(report[0]);
        sys.close(report[0]);
        sys.waitPid(pid); // the intermediate process, which exits as soon as the monitor detached
        if (!line.startsWith("ok ")) {
            throw new CortadoException(ErrorKind.FAILED_PRECONDITION, what + ": "
                    + (line.isEmpty() ? "cortado-init exited without a report" : line.replaceFirst("^error ", "")));
        }
        return new Monitor(sys, stateDir);
    }

    private synchronized int sealedInit() {
        if (sealedInit < 0) {
            sealedInit = sys.sealedCopy(initBinary);
        }
        return sealedInit;
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

    private String readLine(int fd) {
        StringBuilder out = new StringBuilder();
        byte[] buf = new byte[1024];
        int n;
        while (out.indexOf("\n") < 0 && (n = sys.read(fd, buf)) > 0) {
            out.append(new String(buf, 0, n, StandardCharsets.UTF_8));
        }
        return out.toString().trim();
    }

    private static void createStateDir(Path stateDir) {
        try {
            Files.createDirectories(stateDir, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new CortadoException(ErrorKind.INTERNAL, "create state directory " + stateDir, e);
        }
    }

    private static void createCgroup(Path dir) {
        // Until the cgroups library lands on this branch: a cgroup2 directory is just mkdir.
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new CortadoException(ErrorKind.INTERNAL, "create cgroup " + dir, e);
        }
    }
}

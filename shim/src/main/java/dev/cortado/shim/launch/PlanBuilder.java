package dev.cortado.shim.launch;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import dev.cortado.shim.linux.SeccompCompiler;
import dev.cortado.shim.spec.LinuxSpec;
import dev.cortado.shim.spec.ProcessSpec;
import dev.cortado.shim.spec.SeccompProfile;
import dev.cortado.shim.spec.Spec;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * Builds the cortado-init plan for a spec: every decision (flags, masks, ids, sysctl
 * validity, seccomp BPF) is made here, so that the C side only executes records in order.
 */
public final class PlanBuilder {
    private final SeccompCompiler seccomp;
    private final Path cgroupRoot;
    private final Path procRoot;

    /**
     * @param seccomp compiles the spec's seccomp profile
     * @param cgroupRoot the cgroup2 mount that {@code linux.cgroupsPath} is relative to
     */
    public PlanBuilder(SeccompCompiler seccomp, Path cgroupRoot) {
        this(seccomp, cgroupRoot, Path.of("/proc"));
    }

    /** As above, reading joined user namespaces' id maps below {@code procRoot} (tests). */
    PlanBuilder(SeccompCompiler seccomp, Path cgroupRoot, Path procRoot) {
        this.seccomp = seccomp;
        this.cgroupRoot = cgroupRoot;
        this.procRoot = procRoot;
    }

    /** The plan for creating the container of {@code spec} with its state in {@code stateDir}. */
    public PlanWriter build(Spec spec, Path stateDir) {
        ProcessSpec process = spec.process();
        LinuxSpec linux = spec.linux();
        if (process == null || process.args().isEmpty()) {
            throw invalid("spec has no process args");
        }
        PlanWriter plan = new PlanWriter().add("statedir", stateDir.toString());
        cgroupDirectory(linux.cgroupsPath()).ifPresent(dir -> plan.add("cgroup", dir.toString()));
        Set<String> fresh = NamespacePlan.write(plan, linux);
        NamespacePlan.checkJoinedUser(linux, process.user(), procRoot);
        if (spec.root() != null) {
            if (!fresh.contains("mnt")) {
                throw invalid("a rootfs needs a new mount namespace");
            }
            plan.add("rootfs", spec.root().path(), spec.root().readonly() ? "1" : "0");
            plan.add("propagation", Long.toString(MountFlags.rootPropagation(linux.rootfsPropagation())));
            for (Spec.Mount m : spec.mounts()) {
                MountFlags f = MountFlags.parse(m.type(), m.options());
                plan.add(
                        "mount",
                        m.source(),
                        m.destination(),
                        f.bind() ? "" : filesystem(m.type()),
                        Long.toString(f.flags()),
                        Long.toString(f.propagation()),
                        f.data());
            }
            if (spec.mounts().stream().anyMatch(m -> m.destination().equals("/dev"))) {
                DevicePlan.write(plan, linux.devices());
            }
        }
        linux.maskedPaths().forEach(p -> plan.add("mask", absolute(p)));
        linux.readonlyPaths().forEach(p -> plan.add("readonly", absolute(p)));
        uts(plan, spec, fresh);
        SysctlPolicy.validate(linux.sysctl(), fresh).forEach((k, v) -> plan.add("sysctl", k, v));
        ProcessPlan.write(plan, process, linux.seccomp() == null ? null : seccomp.compile(linux.seccomp()));
        return plan;
    }

    /**
     * The plan for running {@code process} inside the running container of {@code container}
     * (whose init has host pid {@code containerPid}): join every namespace the container has
     * and its cgroup, with the container's seccomp profile and the process's own settings.
     * {@code nsInodes} maps kernel namespace names (mnt, net, ...) to the inodes cortado-init
     * must find behind /proc/PID/ns, so a recycled pid cannot redirect the exec.
     */
    public PlanWriter buildExec(
            Spec container, ProcessSpec process, int containerPid, Map<String, Long> nsInodes, Path stateDir) {
        if (process == null || process.args().isEmpty()) {
            throw invalid("exec process has no args");
        }
        PlanWriter plan = new PlanWriter().add("statedir", stateDir.toString());
        cgroupDirectory(container.linux().cgroupsPath()).ifPresent(dir -> plan.add("cgroup", dir.toString()));
        NamespacePlan.joinAll(plan, container.linux(), containerPid, nsInodes);
        if (container.linux().namespaces().stream().anyMatch(n -> n.type().equals("user"))) {
            UserNamespaceMaps.ofPath(procRoot, "/proc/" + containerPid + "/ns/user")
                    .ifPresent(m -> m.requireMapped(process.user(), "of container pid " + containerPid));
        }
        SeccompProfile profile = container.linux().seccomp();
        ProcessPlan.write(plan, process, profile == null ? null : seccomp.compile(profile));
        return plan;
    }

    private static void uts(PlanWriter plan, Spec spec, Set<String> fresh) {
        boolean names = spec.hostname() != null || spec.domainname() != null;
        if (names && !fresh.contains("uts")) {
            throw invalid("hostname and domainname need a new uts namespace");
        }
        if (spec.hostname() != null) {
            plan.add("hostname", spec.hostname());
        }
        if (spec.domainname() != null) {
            plan.add("domainname", spec.domainname());
        }
    }

    /**
     * The filesystem a mount of OCI type {@code type} gets: {@code cgroup}, the spec's way to ask
     * for the container's cgroup view (containerd's CRI gives every container one at
     * /sys/fs/cgroup), is cgroup2, as runc mounts it on a cgroup v2 host; mounted after the
     * container's cgroup namespace is made, its root is the container's cgroup. A cgroup v1 mount
     * would fail with EBUSY wherever the controllers live on v2, and on a hybrid host it would show
     * the v1 hierarchies that the container's limits are not in.
     */
    static String filesystem(String type) {
        return "cgroup".equals(type) ? "cgroup2" : type;
    }

    /** The cgroup2 tree that {@code linux.cgroupsPath} is relative to. */
    public Path cgroupRoot() {
        return cgroupRoot;
    }

    /** The cgroup directory a spec names, resolved under the cgroup root. */
    public java.util.Optional<Path> cgroupDirectoryOf(Spec spec) {
        return cgroupDirectory(spec.linux().cgroupsPath());
    }

    private java.util.Optional<Path> cgroupDirectory(String cgroupsPath) {
        if (cgroupsPath == null || cgroupsPath.isEmpty()) {
            return java.util.Optional.empty();
        }
        Path dir = cgroupRoot.resolve(cgroupsPath.replaceFirst("^/+", "")).normalize();
        if (!dir.startsWith(cgroupRoot) || dir.equals(cgroupRoot)) {
            throw invalid("cgroupsPath " + cgroupsPath);
        }
        return java.util.Optional.of(dir);
    }

    static String absolute(String path) {
        if (path == null || !path.startsWith("/")) {
            throw invalid("path must be absolute: " + path);
        }
        return path;
    }

    static CortadoException invalid(String what) {
        return new CortadoException(ErrorKind.INVALID_ARGUMENT, "invalid spec: " + what);
    }
}

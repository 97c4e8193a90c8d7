package dev.cortado.shim.launch;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import dev.cortado.shim.linux.SeccompCompiler;
import dev.cortado.shim.spec.LinuxSpec;
import dev.cortado.shim.spec.ProcessSpec;
import dev.cortado.shim.spec.Spec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds the cortado-init plan for a spec: every decision (flags, masks, ids, sysctl
 * validity, seccomp BPF) is made here, so that the C side only executes records in order.
 */
public final class PlanBuilder {
    private static final Map<String, String> NAMESPACE_TYPES = Map.of("pid", "pid", "network", "net",
            "mount", "mnt", "ipc", "ipc", "uts", "uts", "user", "user", "cgroup", "cgroup");
    private static final List<String> RLIMITS = List.of("RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_DATA",
            "RLIMIT_STACK", "RLIMIT_CORE", "RLIMIT_RSS", "RLIMIT_NPROC", "RLIMIT_NOFILE",
            "RLIMIT_MEMLOCK", "RLIMIT_AS", "RLIMIT_LOCKS", "RLIMIT_SIGPENDING", "RLIMIT_MSGQUEUE",
            "RLIMIT_NICE", "RLIMIT_RTPRIO", "RLIMIT_RTTIME");

    private final SeccompCompiler seccomp;
    private final Path cgroupRoot;

    /**
     * @param seccomp compiles the spec's seccomp profile
     * @param cgroupRoot the cgroup2 mount that {@code linux.cgroupsPath} is relative to
     */
    public PlanBuilder(SeccompCompiler seccomp, Path cgroupRoot) {
        this.seccomp = seccomp;
        this.cgroupRoot = cgroupRoot;
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
        Set<String> fresh = namespaces(plan, linux);
        if (spec.root() != null) {
            if (!fresh.contains("mnt")) {
                throw invalid("a rootfs needs a new mount namespace");
            }
            plan.add("rootfs", spec.root().path(), spec.root().readonly() ? "1" : "0");
            plan.add("propagation", Long.toString(MountFlags.rootPropagation(linux.rootfsPropagation())));
            for (Spec.Mount m : spec.mounts()) {
                MountFlags f = MountFlags.parse(m.type(), m.options());
                plan.add("mount", m.source(), m.destination(), f.bind() ? "" : m.type(),
                        Long.toString(f.flags()), Long.toString(f.propagation()), f.data());
            }
            if (spec.mounts().stream().anyMatch(m -> m.destination().equals("/dev"))) {
                DevicePlan.write(plan, linux.devices());
            }
        }
        linux.maskedPaths().forEach(p -> plan.add("mask", absolute(p)));
        linux.readonlyPaths().forEach(p -> plan.add("readonly", absolute(p)));
        uts(plan, spec, fresh);
        SysctlPolicy.validate(linux.sysctl(), fresh).forEach((k, v) -> plan.add("sysctl", k, v));
        for (ProcessSpec.Rlimit r : process.rlimits()) {
            int resource = RLIMITS.indexOf(r.type());
            if (resource < 0 || Long.compareUnsigned(r.soft(), r.hard()) > 0) {
                throw invalid("rlimit " + r);
            }
            plan.add("rlimit", Integer.toString(resource), Long.toUnsignedString(r.soft()),
                    Long.toUnsignedString(r.hard()));
        }
        if (process.oomScoreAdj() != null) {
            plan.add("oom", process.oomScoreAdj().toString());
        }
        plan.add("cwd", absolute(process.cwd()));
        List<String> user = new ArrayList<>(List.of(Long.toString(process.user().uid()),
                Long.toString(process.user().gid())));
        process.user().additionalGids().forEach(g -> user.add(Long.toString(g)));
        plan.add("user", user);
        ProcessSpec.Capabilities c = process.capabilities();
        long permitted = CapabilityMask.of(c.permitted());
        long inheritable = CapabilityMask.of(c.inheritable());
        // the kernel raises an ambient capability only if it is permitted and inheritable;
        // runc warns and goes on, so specs such as `crun spec`'s rely on the others being dropped
        long ambient = CapabilityMask.of(c.ambient()) & permitted & inheritable;
        plan.add("caps", Long.toUnsignedString(CapabilityMask.of(c.bounding())),
                Long.toUnsignedString(CapabilityMask.of(c.effective())), Long.toUnsignedString(permitted),
                Long.toUnsignedString(inheritable), Long.toUnsignedString(ambient));
        if (process.noNewPrivileges()) {
            plan.add("nnp");
        }
        if (process.terminal()) {
            plan.add("terminal");
        }
        if (linux.seccomp() != null) {
            plan.addBytes("seccomp", seccomp.compile(linux.seccomp()));
        }
        plan.add("args", process.args());
        plan.add("env", process.env());
        return plan;
    }

    private Set<String> namespaces(PlanWriter plan, LinuxSpec linux) {
        for (LinuxSpec.Namespace ns : linux.namespaces()) {
            String type = NAMESPACE_TYPES.get(ns.type());
            if (type == null) {
                throw invalid("namespace type " + ns.type());
            }
            if (ns.path() == null) {
                plan.add("ns", type);
            } else {
                plan.add("ns", type, ns.path());
            }
        }
        return linux.namespaces().stream().filter(n -> n.path() == null)
                .map(n -> NAMESPACE_TYPES.get(n.type())).collect(Collectors.toSet());
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

    private static String absolute(String path) {
        if (path == null || !path.startsWith("/")) {
            throw invalid("path must be absolute: " + path);
        }
        return path;
    }

    private static CortadoException invalid(String what) {
        return new CortadoException(ErrorKind.INVALID_ARGUMENT, "invalid spec: " + what);
    }
}

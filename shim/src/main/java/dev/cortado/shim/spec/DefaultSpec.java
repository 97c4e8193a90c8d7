package dev.cortado.shim.spec;

import dev.cortado.shim.spec.LinuxSpec.Namespace;
import dev.cortado.shim.spec.ProcessSpec.Capabilities;
import dev.cortado.shim.spec.Spec.Mount;
import java.util.ArrayList;
import java.util.List;

/**
 * The spec a container gets when nothing else is asked, as containerd's CRI plugin builds it
 * (research/reliability.md §2): 14 capabilities, kubelet's masked and read-only paths,
 * RuntimeDefault seccomp, new pid/ipc/uts/mount/network/cgroup namespaces.
 */
public final class DefaultSpec {
    /** containerd's defaultUnixCaps(). */
    public static final List<String> CAPABILITIES = List.of(
            "CAP_CHOWN",
            "CAP_DAC_OVERRIDE",
            "CAP_FSETID",
            "CAP_FOWNER",
            "CAP_MKNOD",
            "CAP_NET_RAW",
            "CAP_SETGID",
            "CAP_SETUID",
            "CAP_SETFCAP",
            "CAP_SETPCAP",
            "CAP_NET_BIND_SERVICE",
            "CAP_SYS_CHROOT",
            "CAP_KILL",
            "CAP_AUDIT_WRITE");

    public static final List<String> MASKED_PATHS = List.of(
            "/proc/asound",
            "/proc/acpi",
            "/proc/kcore",
            "/proc/keys",
            "/proc/latency_stats",
            "/proc/timer_list",
            "/proc/timer_stats",
            "/proc/sched_debug",
            "/proc/scsi",
            "/sys/firmware",
            "/sys/devices/virtual/powercap");
    public static final List<String> READONLY_PATHS =
            List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");
    public static final List<Mount> MOUNTS = List.of(
            new Mount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")),
            new Mount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")),
            new Mount(
                    "/dev/pts",
                    "devpts",
                    "devpts",
                    List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")),
            new Mount("/dev/shm", "tmpfs", "shm", List.of("nosuid", "noexec", "nodev", "mode=1777", "size=65536k")),
            new Mount("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")),
            new Mount("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro")),
            new Mount("/sys/fs/cgroup", "cgroup2", "cgroup", List.of("nosuid", "noexec", "nodev", "relatime", "ro")));

    /** The spec's own device rules: containerd's base spec denies everything. */
    public static final List<LinuxSpec.DeviceRule> DEVICE_RULES =
            List.of(new LinuxSpec.DeviceRule(false, "a", null, null, "rwm"));
    /**
     * runc's AllowedDevices, which the launcher appends to every container's rules
     * (research/reliability.md §2.4): mknod of any node, and null, zero, full, random,
     * urandom, tty, pts, ptmx and net/tun.
     */
    public static final List<LinuxSpec.DeviceRule> ALLOWED_DEVICES = List.of(
            new LinuxSpec.DeviceRule(true, "c", null, null, "m"),
            new LinuxSpec.DeviceRule(true, "b", null, null, "m"),
            new LinuxSpec.DeviceRule(true, "c", 1L, 3L, "rwm"),
            new LinuxSpec.DeviceRule(true, "c", 1L, 8L, "rwm"),
            new LinuxSpec.DeviceRule(true, "c", 1L, 7L, "rwm"),
            new LinuxSpec.DeviceRule(true, "c", 5L, 0L, "rwm"),
            new LinuxSpec.DeviceRule(true, "c", 1L, 5L, "rwm"),
            new LinuxSpec.DeviceRule(true, "c", 1L, 9L, "rwm"),
            new LinuxSpec.DeviceRule(true, "c", 136L, null, "rwm"),
            new LinuxSpec.DeviceRule(true, "c", 5L, 2L, "rwm"),
            new LinuxSpec.DeviceRule(true, "c", 10L, 200L, "rwm"));

    private DefaultSpec() {}

    /** A default, unprivileged spec running {@code args} as root in {@code rootfs}. */
    public static Spec of(String rootfs, List<String> args) {
        Capabilities caps = new Capabilities(CAPABILITIES, CAPABILITIES, List.of(), CAPABILITIES, List.of());
        ProcessSpec process = ProcessSpec.builder()
                .args(args)
                .env(List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"))
                .cwd("/")
                .capabilities(caps)
                .build();
        List<Namespace> namespaces = new ArrayList<>();
        for (String type : List.of("pid", "ipc", "uts", "mount", "network", "cgroup")) {
            namespaces.add(new Namespace(type, null));
        }
        LinuxSpec linux = LinuxSpec.builder()
                .namespaces(namespaces)
                .maskedPaths(MASKED_PATHS)
                .readonlyPaths(READONLY_PATHS)
                .seccomp(RuntimeDefaultSeccomp.profile())
                .resources(new LinuxSpec.Resources(DEVICE_RULES))
                .build();
        return new Spec(process, new Spec.Root(rootfs, false), null, null, MOUNTS, linux);
    }

    /**
     * The privileged variant: every capability, no seccomp, no masked or read-only paths,
     * /sys and /sys/fs/cgroup writable, no cgroup namespace (as containerd's WithPrivileged).
     */
    public static Spec privileged(Spec spec, List<String> allCapabilities) {
        Capabilities all = new Capabilities(allCapabilities, allCapabilities, List.of(), allCapabilities, List.of());
        ProcessSpec process = spec.process().toBuilder().capabilities(all).build();
        List<Mount> mounts = new ArrayList<>();
        for (Mount m : spec.mounts()) {
            List<String> options = new ArrayList<>(m.options());
            if (m.destination().startsWith("/sys")) {
                options.replaceAll(o -> o.equals("ro") ? "rw" : o);
            }
            mounts.add(new Mount(m.destination(), m.type(), m.source(), options));
        }
        LinuxSpec l = spec.linux();
        List<Namespace> namespaces =
                l.namespaces().stream().filter(n -> !n.type().equals("cgroup")).toList();
        LinuxSpec linux = l.toBuilder()
                .namespaces(namespaces)
                .maskedPaths(List.of())
                .readonlyPaths(List.of())
                .seccomp(null)
                .resources(new LinuxSpec.Resources(List.of(new LinuxSpec.DeviceRule(true, "a", null, null, "rwm"))))
                .build();
        return new Spec(process, spec.root(), spec.hostname(), spec.domainname(), mounts, linux);
    }
}

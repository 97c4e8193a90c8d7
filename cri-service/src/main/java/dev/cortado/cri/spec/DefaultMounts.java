package dev.cortado.cri.spec;

import dev.cortado.cri.spec.OciSpec.Mount;
import java.util.ArrayList;
import java.util.List;

/**
 * The mounts every container gets before its own: containerd's base spec ({@code
 * oci/mounts.go}) without {@code /run} ({@code WithoutRunMount}), plus the cgroup filesystem
 * read-only (research/reliability.md §2.3).
 */
final class DefaultMounts {
    private DefaultMounts() {}

    /**
     * The list for a container; {@code unified} picks a {@code cgroup2} mount (what a cgroup v2
     * host has; Cortado's shim mounts the type as given) over the {@code cgroup} type runc maps per
     * host; privileged containers get sysfs and the cgroup filesystem read-write ({@code
     * WithWriteableSysfs}, {@code WithWriteableCgroupfs}).
     */
    static List<Mount> of(boolean unified, boolean cgroupWritable, boolean privileged) {
        String sysMode = privileged ? "rw" : "ro";
        String cgroupMode = privileged || cgroupWritable ? "rw" : "ro";
        List<Mount> mounts = new ArrayList<>();
        mounts.add(new Mount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")));
        mounts.add(new Mount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")));
        mounts.add(new Mount(
                "/dev/pts",
                "devpts",
                "devpts",
                List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")));
        mounts.add(new Mount(
                "/dev/shm", "tmpfs", "shm", List.of("nosuid", "noexec", "nodev", "mode=1777", "size=65536k")));
        mounts.add(new Mount("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")));
        mounts.add(new Mount("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", sysMode)));
        mounts.add(new Mount(
                "/sys/fs/cgroup",
                unified ? "cgroup2" : "cgroup",
                "cgroup",
                List.of("nosuid", "noexec", "nodev", "relatime", cgroupMode)));
        return mounts;
    }
}

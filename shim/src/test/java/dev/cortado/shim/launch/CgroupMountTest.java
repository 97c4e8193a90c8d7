package dev.cortado.shim.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.shim.spec.DefaultSpec;
import dev.cortado.shim.spec.Spec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Privileged: an OCI mount of type {@code cgroup} (what containerd's CRI gives every container at
 * /sys/fs/cgroup) is the container's cgroup2 view, as runc mounts it on a cgroup v2 host: cgroup2
 * (never v1, which fails with EBUSY where the controllers live on v2), rooted at the container's
 * cgroup when it has a cgroup namespace, read-only unless the options say {@code rw} (containerd
 * writes {@code ro}, and {@code rw} for privileged containers).
 */
@Tag("vm-also")
class CgroupMountTest extends PrivilegedLauncherFixture {
    /** The mount exactly as containerd's CRI (oci.WithDefaultSpec) writes it. */
    private static final Spec.Mount CRI_CGROUP = new Spec.Mount(
            "/sys/fs/cgroup", "cgroup", "cgroup", List.of("nosuid", "noexec", "nodev", "relatime", "ro"));

    private static Spec withCriCgroupMount(Spec spec) {
        List<Spec.Mount> mounts = new ArrayList<>();
        for (Spec.Mount m : spec.mounts()) {
            mounts.add(m.destination().equals("/sys/fs/cgroup") ? CRI_CGROUP : m);
        }
        return spec.withMounts(mounts);
    }

    @Test
    void criCgroupMount_isTheContainersOwnCgroup2_readOnly() throws Exception {
        Spec spec = withCriCgroupMount(shell("grep ' /sys/fs/cgroup ' /proc/mounts; grep '^0::' /proc/self/cgroup;"
                + " cat /sys/fs/cgroup/cgroup.procs; mkdir /sys/fs/cgroup/sub 2>/dev/null || echo mkdir-refused"));

        Containers.Result r = containers.run(spec);

        assertThat(r.code()).as(r.stderr()).isZero();
        List<String> lines = r.stdout().lines().toList();
        assertThat(lines.get(0)).contains(" /sys/fs/cgroup cgroup2 ro,");
        assertThat(lines.get(1)).isEqualTo("0::/"); // the cgroup namespace's root
        assertThat(lines).contains("1"); // the container's init is in it
        assertThat(lines).contains("mkdir-refused");
    }

    @Test
    void criCgroupMount_privileged_isWritable_andWithoutCgroupNamespaceShowsTheHostTree() throws Exception {
        Spec spec = DefaultSpec.privileged(
                withCriCgroupMount(shell("grep ' /sys/fs/cgroup ' /proc/mounts;" + " grep '^0::' /proc/self/cgroup")),
                Host.capabilities());
        spec = containers.inCgroup(spec);

        Containers.Result r = containers.run(spec);

        assertThat(r.code()).as(r.stderr()).isZero();
        List<String> lines = r.stdout().lines().toList();
        assertThat(lines.get(0)).contains(" /sys/fs/cgroup cgroup2 rw,");
        assertThat(lines.get(1)).isEqualTo("0::" + spec.linux().cgroupsPath());
    }
}

package dev.cortado.shim.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.shim.spec.DefaultSpec;
import dev.cortado.shim.spec.ProcessSpec;
import dev.cortado.shim.spec.Spec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Privileged: a probe script run inside a container reports what the process can do
 * (research/reliability.md A3, A11, A12, A14, A15); privileged containers show the opposite.
 */
class SecurityProbeTest extends PrivilegedLauncherFixture {
    /** Each line prints key=value; the checks run in the container, not in the JVM. */
    private static final String PROBE = String.join(
            "\n",
            "for k in CapInh CapPrm CapEff CapBnd CapAmb NoNewPrivs Seccomp; do",
            "  echo \"$k=$(grep \"^$k:\" /proc/self/status | tr -d '\\t' | cut -d: -f2)\"; done",
            "unshare -U true 2>/tmp/e; echo \"unshare=$? $(cat /tmp/e)\"",
            // a masked path reads as empty: /dev/null for files, an empty tmpfs for directories
            "m=''; for p in " + String.join(" ", DefaultSpec.MASKED_PATHS) + "; do",
            "  [ -e $p ] || continue",
            "  if [ -d $p ]; then n=$(ls -A $p | wc -l); else n=$(cat $p 2>/dev/null | wc -c); fi",
            "  m=\"$m$p:$n \"; done; echo \"masked=$m\"",
            "echo \"timer_list=$(cat /proc/timer_list 2>/dev/null | wc -c)\"",
            "echo 1 2>/tmp/e >/proc/sys/kernel/shm_rmid_forced; echo \"procsys=$? $(cat /tmp/e)\"",
            "touch /sys/x 2>/tmp/e; echo \"sysfs=$? $(cat /tmp/e)\"",
            // read from mountinfo: a write test would create a cgroup on the host when privileged
            "echo \"cgroupfs=$(grep ' /sys/fs/cgroup ' /proc/self/mountinfo | cut -d' ' -f6 | cut -d, -f1)\"",
            "echo \"cwd=$(pwd)\"",
            "echo \"id=$(id)\"",
            "echo \"cgroup=$(grep '^0::' /proc/self/cgroup)\"");

    private Spec spec;

    @BeforeEach
    void setUp() {
        spec = DefaultSpec.of(rootfs.toString(), List.of("sh", "-c", PROBE));
    }

    private Map<String, String> probe(Spec s) throws Exception {
        Containers.Result r = containers.run(s);
        assertThat(r.code()).as("probe stderr: %s", r.stderr()).isZero();
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : r.stdout().split("\n")) {
            assertThat(line).as("probe output %s", r.stdout()).contains("=");
            int eq = line.indexOf('=');
            out.put(line.substring(0, eq), line.substring(eq + 1).trim());
        }
        return out;
    }

    @Test
    void defaultContainer_isConfined() throws Exception {
        Map<String, String> p = probe(spec);

        assertThat(p)
                .containsEntry("CapInh", "0000000000000000")
                .containsEntry("CapAmb", "0000000000000000")
                .containsEntry("CapEff", "00000000a80425fb")
                .containsEntry("CapPrm", "00000000a80425fb")
                .containsEntry("CapBnd", "00000000a80425fb")
                .containsEntry("NoNewPrivs", "0")
                .containsEntry("Seccomp", "2");
        assertThat(p.get("unshare")).startsWith("1 ").contains("Operation not permitted");
        assertThat(p.get("masked")).as("masked paths present on this host").isNotEmpty();
        assertThat(p.get("masked").split(" "))
                .allSatisfy(entry -> assertThat(entry).endsWith(":0"));
        assertThat(p).containsEntry("timer_list", "0");
        assertThat(p.get("procsys")).startsWith("1 ").contains("Read-only file system");
        assertThat(p.get("sysfs")).startsWith("1 ").contains("Read-only file system");
        assertThat(p).containsEntry("cgroupfs", "ro");
        assertThat(p)
                .containsEntry("cwd", "/")
                .containsEntry("id", "uid=0 gid=0")
                .containsEntry("cgroup", "0::/");
    }

    @Test
    void nonRootUser_getsIdsGroupsNoCapabilitiesAndNoNewPrivs() throws Exception {
        ProcessSpec p0 = spec.process();
        ProcessSpec.Capabilities none =
                new ProcessSpec.Capabilities(DefaultSpec.CAPABILITIES, List.of(), List.of(), List.of(), List.of());
        Spec user = spec.withProcess(ProcessSpec.builder()
                .user(new ProcessSpec.User(1000, 1000, List.of(10L, 1000L)))
                .args(p0.args())
                .env(p0.env())
                .cwd("/work/app")
                .capabilities(none)
                .rlimits(p0.rlimits())
                .noNewPrivileges(true)
                .build());

        Map<String, String> p = probe(user);

        assertThat(p)
                .containsEntry("id", "uid=1000 gid=1000 groups=10,1000")
                .containsEntry("CapEff", "0000000000000000")
                .containsEntry("CapPrm", "0000000000000000")
                .containsEntry("CapInh", "0000000000000000")
                .containsEntry("NoNewPrivs", "1")
                .containsEntry("Seccomp", "2")
                .containsEntry("cwd", "/work/app");
    }

    @Test
    void runningContainer_holdsOnlyStdioFds() throws Exception {
        // CVE-2024-21626: no fd of the JVM or of cortado-init may reach the container
        dev.cortado.shim.process.Monitor m = containers.create(spec.withProcess(withArgs(spec.process(), "read x")));
        m.start();
        java.nio.file.Path fdDir = java.nio.file.Path.of("/proc/" + m.state().pid() + "/fd");
        try (var fds = java.nio.file.Files.list(fdDir)) {
            assertThat(fds.map(f -> f.getFileName().toString()).sorted()).containsExactly("0", "1", "2");
        }
    }

    @Test
    void hostnameAndNamespacedSysctl_areApplied() throws Exception {
        Spec named = new Spec(
                spec.process(),
                spec.root(),
                "probe-box",
                null,
                spec.mounts(),
                spec.linux().withSysctl(Map.of("kernel.shm_rmid_forced", "1")));
        Spec s = named.withProcess(withArgs(named.process(), "hostname; cat /proc/sys/kernel/shm_rmid_forced"));

        Containers.Result r = containers.run(s);

        assertThat(r.stdout()).isEqualTo("probe-box\n1\n");
    }

    @Test
    void privilegedContainer_showsTheOpposite() throws Exception {
        Map<String, String> p = probe(DefaultSpec.privileged(spec, Host.capabilities()));

        assertThat(p)
                .containsEntry("CapEff", Host.status("CapEff"))
                .containsEntry("Seccomp", "0")
                .containsEntry("CapInh", "0000000000000000")
                .containsEntry("CapAmb", "0000000000000000");
        assertThat(p.get("unshare")).matches("0( .*)?");
        assertThat(Integer.parseInt(p.get("timer_list"))).isPositive();
        assertThat(p.get("procsys")).matches("0( .*)?");
        assertThat(p).containsEntry("cgroupfs", "rw");
    }

    /** mknod then open of a host block device (loop0, 7:0) and of /dev/kmsg (1:11). */
    private static final String DEVICES = String.join(
            "\n",
            "mknod /tmp/blk b 7 0; echo \"mknod=$?\"",
            "dd if=/tmp/blk of=/dev/null count=1 2>/tmp/e; echo \"blk=$? $(tr '\\n' ' ' </tmp/e)\"",
            "mknod /tmp/kmsg c 1 11; head -c 1 /tmp/kmsg >/dev/null 2>/tmp/e; echo \"kmsg=$? $(cat /tmp/e)\"",
            "echo x >/dev/null; head -c 4 /dev/urandom | wc -c | sed 's/^/urandom=/'");

    @Test
    void defaultContainer_mknodWorksButOpeningHostDevicesIsRefused() throws Exception {
        Map<String, String> p = probe(spec.withProcess(withArgs(spec.process(), DEVICES)));

        assertThat(p).containsEntry("mknod", "0").containsEntry("urandom", "4");
        assertThat(p.get("blk")).startsWith("1 ").contains("Operation not permitted");
        assertThat(p.get("kmsg")).startsWith("1 ").contains("Operation not permitted");
    }

    @Test
    void privilegedContainer_opensHostDevices() throws Exception {
        Spec privileged = DefaultSpec.privileged(spec, Host.capabilities());
        Map<String, String> p = probe(privileged.withProcess(withArgs(privileged.process(), DEVICES)));

        assertThat(p.get("blk")).doesNotContain("Operation not permitted");
        assertThat(p.get("kmsg")).matches("0( .*)?");
    }

    private static ProcessSpec withArgs(ProcessSpec p, String script) {
        return p.toBuilder().args(List.of("sh", "-c", script)).build();
    }
}

package dev.cortado.shim.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.errors.CortadoException;
import dev.cortado.shim.spec.DefaultSpec;
import dev.cortado.shim.spec.LinuxSpec;
import dev.cortado.shim.spec.ProcessSpec;
import dev.cortado.shim.spec.Spec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanBuilderTest {
    private final PlanBuilder builder = new PlanBuilder(p -> new byte[16], Path.of("/sys/fs/cgroup"));
    private final Spec spec = DefaultSpec.of("/run/c1/rootfs", List.of("sh", "-c", "true"));

    private List<String> keys(PlanWriter plan) {
        return plan.entries().stream().map(PlanWriter.Entry::key).distinct().toList();
    }

    @Test
    void build_defaultSpec_recordsComeInExecutionOrder() {
        PlanWriter plan = builder.build(spec.withLinux(spec.linux().withCgroupsPath("/pods/c1")), Path.of("/run/s"));

        assertThat(keys(plan))
                .containsExactly(
                        "cortado-plan",
                        "statedir",
                        "cgroup",
                        "ns",
                        "rootfs",
                        "propagation",
                        "mount",
                        "mknod",
                        "symlink",
                        "mask",
                        "readonly",
                        "cwd",
                        "user",
                        "caps",
                        "seccomp",
                        "args",
                        "env");
    }

    @Test
    void build_capabilities_inheritableAndAmbientStayEmpty() {
        PlanWriter.Entry caps = builder.build(spec, Path.of("/run/s")).entries().stream()
                .filter(e -> e.key().equals("caps"))
                .findFirst()
                .orElseThrow();

        assertThat(caps.text()).containsExactly("2818844155", "2818844155", "2818844155", "0", "0");
    }

    @Test
    void build_ambientCapabilityNotInheritable_isDropped() {
        ProcessSpec p = spec.process();
        ProcessSpec.Capabilities caps = new ProcessSpec.Capabilities(
                List.of("CAP_KILL"), List.of("CAP_KILL"), List.of(), List.of("CAP_KILL"), List.of("CAP_KILL"));
        Spec s = spec.withProcess(p.toBuilder()
                .terminal(false)
                .capabilities(caps)
                .noNewPrivileges(false)
                .oomScoreAdj(null)
                .build());

        assertThat(builder.build(s, Path.of("/run/s")).entries().stream()
                        .filter(e -> e.key().equals("caps"))
                        .findFirst()
                        .orElseThrow()
                        .text())
                .containsExactly("32", "32", "32", "0", "0");
    }

    @Test
    void build_mountsKeepSpecOrder() {
        List<String> destinations = builder.build(spec, Path.of("/run/s")).entries().stream()
                .filter(e -> e.key().equals("mount"))
                .map(e -> e.text().get(1))
                .toList();

        assertThat(destinations)
                .containsExactly("/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys", "/sys/fs/cgroup");
    }

    @Test
    void build_ociCgroupMount_isCgroup2_withItsFlags() {
        // containerd's CRI writes type "cgroup"; a v1 mount would fail with EBUSY on a v2 host
        Spec cri = spec.withMounts(List.of(new Spec.Mount(
                "/sys/fs/cgroup", "cgroup", "cgroup", List.of("nosuid", "noexec", "nodev", "relatime", "ro"))));

        List<String> mount = builder.build(cri, Path.of("/run/s")).entries().stream()
                .filter(e -> e.key().equals("mount"))
                .findFirst()
                .orElseThrow()
                .text();

        assertThat(mount)
                .containsExactly(
                        "cgroup", "/sys/fs/cgroup", "cgroup2", Long.toString(1 | 2 | 4 | 8 | (1L << 21)), "0", "");
    }

    @Test
    void build_rootfsWithoutMountNamespace_isRejected() {
        Spec hostMounts = spec.withLinux(spec.linux().withNamespaces(List.of(new LinuxSpec.Namespace("pid", null))));

        assertThatThrownBy(() -> builder.build(hostMounts, Path.of("/run/s")))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("mount namespace");
    }

    @Test
    void build_cwdOverPathMax_isRejectedWithItsLength() {
        ProcessSpec p = spec.process();
        Spec deep = spec.withProcess(p.toBuilder().cwd("/" + "d".repeat(4095)).build());

        assertThatThrownBy(() -> builder.build(deep, Path.of("/run/s")))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("4096 bytes");
    }

    private Spec withEnv(List<String> env) {
        ProcessSpec p = spec.process();
        return spec.withProcess(p.toBuilder().env(env).build());
    }

    @Test
    void build_thousandsOfEnvVariables_areWrittenWithoutCap() {
        List<String> env = java.util.stream.IntStream.range(0, 5000)
                .mapToObj(i -> "SVC_" + i + "_PORT=tcp://10.0.0.1:80")
                .toList();

        PlanWriter.Entry written = builder.build(withEnv(env), Path.of("/run/s")).entries().stream()
                .filter(e -> e.key().equals("env"))
                .findFirst()
                .orElseThrow();

        assertThat(written.text()).hasSize(5000);
    }

    @Test
    void build_envOverArgMax_isRejectedWithTheSize() {
        List<String> env = java.util.Collections.nCopies(20, "V=" + "x".repeat(120_000));

        assertThatThrownBy(() -> builder.build(withEnv(env), Path.of("/run/s")))
                .isInstanceOf(CortadoException.class)
                .satisfies(e -> assertThat(((CortadoException) e).kind())
                        .isEqualTo(dev.cortado.errors.ErrorKind.INVALID_ARGUMENT))
                .hasMessageContaining("over ARG_MAX (2097152)");
    }

    @Test
    void build_oneStringOverMaxArgStrlen_isRejectedNamingIt() {
        List<String> env = List.of("A=1", "B=" + "x".repeat(131_071));

        assertThatThrownBy(() -> builder.build(withEnv(env), Path.of("/run/s")))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("process.env[1] is 131074 bytes");
    }

    @Test
    void build_hostnameWithHostUts_isRejected() {
        Spec named = new Spec(
                spec.process(),
                spec.root(),
                "box",
                null,
                spec.mounts(),
                spec.linux().withNamespaces(List.of(new LinuxSpec.Namespace("mount", null))));

        assertThatThrownBy(() -> builder.build(named, Path.of("/run/s")))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("uts");
    }

    @Test
    void build_cgroupPathEscapingTheRoot_isRejected() {
        Spec escaping = spec.withLinux(spec.linux().withCgroupsPath("/../../etc"));

        assertThatThrownBy(() -> builder.build(escaping, Path.of("/run/s")))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("cgroupsPath");
    }

    @Test
    void build_joinedNamespace_carriesItsPath() {
        Spec joined = spec.withLinux(spec.linux()
                .withNamespaces(List.of(
                        new LinuxSpec.Namespace("mount", null),
                        new LinuxSpec.Namespace("network", "/run/cortado/ns/pod1/net"))));

        assertThat(builder.build(joined, Path.of("/run/s")).entries().stream()
                        .filter(e -> e.key().equals("ns"))
                        .map(PlanWriter.Entry::text))
                .containsExactly(List.of("mnt"), List.of("net", "/run/cortado/ns/pod1/net"));
    }

    @Test
    void buildExec_joinsEveryContainerNamespaceByPidAndMakesNoMounts() {
        java.util.Map<String, Long> inodes =
                java.util.Map.of("pid", 1L, "ipc", 2L, "uts", 3L, "mnt", 4L, "net", 5L, "cgroup", 6L);
        PlanWriter plan = builder.buildExec(
                spec.withLinux(spec.linux().withCgroupsPath("/pods/c1")),
                spec.process(),
                77,
                inodes,
                Path.of("/run/e1"));

        assertThat(plan.entries().stream().filter(e -> e.key().equals("ns")).map(PlanWriter.Entry::text))
                .containsExactly(
                        List.of("pid", "/proc/77/ns/pid", "1"),
                        List.of("ipc", "/proc/77/ns/ipc", "2"),
                        List.of("uts", "/proc/77/ns/uts", "3"),
                        List.of("mnt", "/proc/77/ns/mnt", "4"),
                        List.of("net", "/proc/77/ns/net", "5"),
                        List.of("cgroup", "/proc/77/ns/cgroup", "6"));
        assertThat(keys(plan))
                .contains("cgroup", "caps", "seccomp", "args")
                .doesNotContain("rootfs", "mount", "mask", "readonly", "hostname", "sysctl");
    }

    @Test
    void build_userNamespace_writesIdMaps() {
        Spec userns = spec.withLinux(spec.linux()
                .withUserNamespace(
                        List.of(new LinuxSpec.IdMapping(0, 100000, 65536)),
                        List.of(new LinuxSpec.IdMapping(0, 100000, 65536))));

        PlanWriter plan = builder.build(userns, Path.of("/run/s"));

        assertThat(plan.entries().stream().filter(e -> e.key().endsWith("map")).map(PlanWriter.Entry::text))
                .containsExactly(List.of("0", "100000", "65536"), List.of("0", "100000", "65536"));
        assertThat(plan.entries().stream()
                        .filter(e -> e.key().equals("ns"))
                        .findFirst()
                        .orElseThrow()
                        .text())
                .containsExactly("user");
    }

    @Test
    void build_userNamespaceWithoutMappings_isRejected() {
        Spec userns = spec.withLinux(spec.linux().withUserNamespace(List.of(), List.of()));

        assertThatThrownBy(() -> builder.build(userns, Path.of("/run/s")))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("mappings");
    }
}

package dev.cortado.shim.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.errors.CortadoException;
import dev.cortado.shim.spec.DefaultSpec;
import dev.cortado.shim.spec.LinuxSpec;
import dev.cortado.shim.spec.Spec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The criu dump command line: runc's external mounts and namespaces, options as flags. */
class DumpArgumentsTest {
    private static final Path IMAGES = Path.of("/ck/checkpoint");
    private static final Path WORK = Path.of("/ck");

    @Test
    void defaults_dumpTheTreeLeavingItRunning_withCgroupsAndALogInTheWorkDir() {
        List<String> a = DumpArguments.of(
                42,
                DefaultSpec.of("/rootfs", List.of("sh")),
                IMAGES,
                WORK,
                CheckpointSettings.defaults(),
                p -> OptionalLong.empty(),
                p -> false);

        assertThat(a)
                .containsSubsequence(
                        "dump",
                        "--tree",
                        "42",
                        "--images-dir",
                        "/ck/checkpoint",
                        "--work-dir",
                        "/ck",
                        "--log-file",
                        "dump.log")
                .contains("--manage-cgroups", "--leave-running")
                .doesNotContain("--tcp-established", "--shell-job", "--ext-unix-sk", "--file-locks");
    }

    @Test
    void frozenCgroup_isCriusFreezer_andOnlyThen() {
        Spec spec = DefaultSpec.of("/rootfs", List.of("sh"));
        CheckpointSettings s = CheckpointSettings.defaults();

        List<String> paused = DumpArguments.of(
                42, spec, IMAGES, WORK, s, p -> OptionalLong.empty(), p -> false, Optional.of(Path.of("/cg/pod/c")));
        List<String> running = DumpArguments.of(42, spec, IMAGES, WORK, s, p -> OptionalLong.empty(), p -> false);

        assertThat(paused).containsSubsequence("--freeze-cgroup", "/cg/pod/c");
        assertThat(running).doesNotContain("--freeze-cgroup");
    }

    @Test
    void options_becomeCriuFlags_andExitDropsLeaveRunning() {
        CheckpointSettings s =
                new CheckpointSettings(true, true, true, true, true, List.of("network"), Optional.empty());
        List<String> a = DumpArguments.of(
                7, DefaultSpec.of("/rootfs", List.of("sh")), IMAGES, WORK, s, p -> OptionalLong.empty(), p -> false);

        assertThat(a)
                .contains("--tcp-established", "--ext-unix-sk", "--shell-job", "--file-locks")
                .containsSubsequence("--empty-ns", "network")
                .doesNotContain("--leave-running");
    }

    @Test
    void bindMountsAndMaskedFiles_areExternalMounts_otherMountsAreDumped() {
        Spec base = DefaultSpec.of("/rootfs", List.of("sh"));
        List<Spec.Mount> mounts = new ArrayList<>(base.mounts());
        mounts.add(new Spec.Mount("/etc/hosts", "bind", "/var/lib/pod/hosts", List.of("rbind", "ro")));
        mounts.add(new Spec.Mount("/data", "none", "/srv/data", List.of("bind")));
        LinuxSpec l = base.linux();
        Spec spec = base.withMounts(mounts)
                .withLinux(new LinuxSpec(
                        l.namespaces(),
                        l.cgroupsPath(),
                        l.sysctl(),
                        List.of("/proc/kcore", "/proc/acpi"),
                        l.readonlyPaths(),
                        l.rootfsPropagation(),
                        l.seccomp(),
                        l.devices(),
                        l.resources(),
                        l.uidMappings(),
                        l.gidMappings()));

        List<String> a = DumpArguments.of(
                7,
                spec,
                IMAGES,
                WORK,
                CheckpointSettings.defaults(),
                p -> OptionalLong.empty(),
                p -> p.equals("/proc/kcore"));

        assertThat(a)
                .containsSubsequence("--ext-mount-map", "/etc/hosts:/etc/hosts")
                .containsSubsequence("--ext-mount-map", "/data:/data")
                .containsSubsequence("--ext-mount-map", "/proc/kcore:/dev/null")
                .doesNotContain("/proc/acpi:/dev/null", "/proc:/proc");
    }

    @Test
    void joinedNetworkAndPidNamespaces_areExternal_byInode() {
        Spec base = DefaultSpec.of("/rootfs", List.of("sh"));
        Spec spec = base.withLinux(base.linux()
                .withNamespaces(List.of(
                        new LinuxSpec.Namespace("mount", null),
                        new LinuxSpec.Namespace("network", "/run/cortado/ns/p1/net"),
                        new LinuxSpec.Namespace("pid", "/proc/9/ns/pid"),
                        new LinuxSpec.Namespace("ipc", "/run/ns/ipc"))));

        List<String> a = DumpArguments.of(
                7,
                spec,
                IMAGES,
                WORK,
                CheckpointSettings.defaults(),
                p -> OptionalLong.of(p.endsWith("net") ? 4026532001L : 4026532002L),
                p -> false);

        assertThat(a)
                .containsSubsequence("--external", "net[4026532001]:extRootNetNS")
                .containsSubsequence("--external", "pid[4026532002]:extRootPidNS")
                .filteredOn(x -> x.startsWith("ipc["))
                .isEmpty();
    }

    @Test
    void emptyNamespaces_otherThanNetwork_areInvalid() {
        assertThatThrownBy(() ->
                        new CheckpointSettings(false, false, false, false, false, List.of("pid"), Optional.empty()))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("not pid");
    }
}

package dev.cortado.cri.spec;

import static dev.cortado.cri.spec.Errors.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.cortado.api.cri.v1.ContainerConfig;
import dev.cortado.api.cri.v1.KeyValue;
import dev.cortado.api.cri.v1.LinuxContainerSecurityContext;
import dev.cortado.api.cri.v1.LinuxPodSandboxConfig;
import dev.cortado.api.cri.v1.Signal;
import dev.cortado.errors.ErrorKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules {@link OciSpecBuilder} applies itself, and its validation of the request as a whole. */
class OciSpecBuilderTest {
    private static SpecResult build(ContainerConfig.Builder c) {
        return Requests.build(c);
    }

    @Test
    void privilegedContainer_inAPodThatIsNot_isInvalid() {
        assertRefused(
                () -> build(Requests.container(
                                LinuxContainerSecurityContext.newBuilder().setPrivileged(true))
                        .addCommand("top")),
                ErrorKind.INVALID_ARGUMENT,
                "no privileged container allowed in sandbox");
    }

    @Test
    void missingMetadata_isInvalid() {
        assertRefused(
                () -> build(Requests.container().clearMetadata().addCommand("top")),
                ErrorKind.INVALID_ARGUMENT,
                "must include metadata");
        assertRefused(
                () -> new OciSpecBuilder(RuntimeOptions.defaults(), new FakeHost())
                        .build(Requests.request(
                                        Requests.container().addCommand("top"),
                                        Requests.pod().clearMetadata())
                                .build()),
                ErrorKind.INVALID_ARGUMENT,
                "pod sandbox config must include metadata");
    }

    @Test
    void workingDir_criThenImageThenRoot_mustBeAbsolute() {
        assertThat(build(Requests.container().addCommand("top").setWorkingDir("/srv"))
                        .spec()
                        .process()
                        .cwd())
                .isEqualTo("/srv");
        assertThat(build(Requests.container().addCommand("top"))
                        .spec()
                        .process()
                        .cwd())
                .isEqualTo("/");
        assertRefused(
                () -> build(Requests.container().addCommand("top").setWorkingDir("srv")),
                ErrorKind.INVALID_ARGUMENT,
                "working_dir \"srv\"");
    }

    @Test
    void nulBytesAndBadEnvNames_areInvalid() {
        assertRefused(() -> build(Requests.container().addCommand("a\0b")), ErrorKind.INVALID_ARGUMENT, "NUL");
        assertRefused(
                () -> build(Requests.container()
                        .addCommand("top")
                        .addEnvs(KeyValue.newBuilder().setKey("A=B").setValue(ByteString.copyFromUtf8("c")))),
                ErrorKind.INVALID_ARGUMENT,
                "env name \"A=B\"");
    }

    @Test
    void maskedAndReadonlyPaths_areExactlyWhatKubeletSends() {
        OciLinux l = build(Requests.container(LinuxContainerSecurityContext.newBuilder()
                                .addMaskedPaths("/bin/ls")
                                .addReadonlyPaths("/tmp"))
                        .addCommand("top"))
                .spec()
                .linux();
        assertThat(l.maskedPaths()).containsExactly("/bin/ls");
        assertThat(l.readonlyPaths()).containsExactly("/tmp");
        // procMount: Unmasked sends empty lists, and containerd then masks nothing
        l = build(Requests.container().addCommand("top")).spec().linux();
        assertThat(l.maskedPaths()).isEmpty();
        assertRefused(
                () -> build(Requests.container(
                                LinuxContainerSecurityContext.newBuilder().addMaskedPaths("proc/kcore"))
                        .addCommand("top")),
                ErrorKind.INVALID_ARGUMENT,
                "masked_paths");
    }

    @Test
    void disableProcMount_keepsTheDefaultLists() {
        SpecResult r = new OciSpecBuilder(
                        RuntimeOptions.builder().disableProcMount(true).build(), new FakeHost())
                .build(Requests.request(Requests.container().addCommand("top"), Requests.pod())
                        .build());
        assertThat(r.spec().linux().maskedPaths()).isEqualTo(KubeletPaths.MASKED);
        assertThat(r.spec().linux().readonlyPaths()).isEqualTo(KubeletPaths.READONLY);
    }

    @Test
    void noNewPrivsReadonlyRootfsAndTty_areCopied() {
        OciSpec s = build(Requests.container(LinuxContainerSecurityContext.newBuilder()
                                .setNoNewPrivs(true)
                                .setReadonlyRootfs(true))
                        .addCommand("top")
                        .setTty(true))
                .spec();
        assertThat(s.process().noNewPrivileges()).isTrue();
        assertThat(s.process().terminal()).isTrue();
        assertThat(s.root()).isEqualTo(new OciSpec.Root("rootfs", true));
        assertThat(build(Requests.container().addCommand("top"))
                        .spec()
                        .process()
                        .noNewPrivileges())
                .isFalse();
    }

    @Test
    void stopSignal_isReported() {
        assertThat(build(Requests.container().addCommand("top").setStopSignal(Signal.SIGNAL_SIGINT))
                        .stopSignal())
                .isEqualTo("SIGINT");
        assertThat(build(Requests.container().addCommand("top")).stopSignal()).isEqualTo("SIGTERM");
    }

    @Test
    void systemdDriver_needsASliceParent() {
        var options = RuntimeOptions.builder().systemdCgroup(true).build();
        var pod = Requests.pod().setLinux(LinuxPodSandboxConfig.newBuilder().setCgroupParent("/kubepods/podX"));
        assertRefused(
                () -> new OciSpecBuilder(options, new FakeHost())
                        .build(Requests.request(Requests.container().addCommand("top"), pod)
                                .build()),
                ErrorKind.INVALID_ARGUMENT,
                "is not a systemd slice");
    }

    @Test
    void sameRequest_sameBytes() {
        var c = Requests.container().addCommand("top");
        assertThat(OciJson.toString(build(c).spec())).isEqualTo(OciJson.toString(build(c).spec()));
    }

    @Test
    void emptyListsAndNulls_areLeftOutOfTheJson() {
        String json =
                OciJson.toString(build(Requests.container().addCommand("top")).spec());
        assertThat(json)
                .doesNotContain(
                        "null",
                        "maskedPaths",
                        "seccomp",
                        "\"hostname\"",
                        "oomScoreAdj",
                        "apparmorProfile",
                        "uidMappings",
                        "sysctl");
    }

    @Test
    void json_roundTrips() {
        OciSpec spec = GoldenCases.kubeletShaped().build().spec();
        assertThat(OciJson.read(OciJson.toString(spec))).isEqualTo(spec);
        assertRefused(
                () -> OciJson.read("{\"mounts\":[{\"destination\":\"relative\"}]}"),
                ErrorKind.INVALID_ARGUMENT,
                "invalid runtime spec");
        assertThat(List.of(OciJson.write(spec).length))
                .allSatisfy(n -> assertThat(n).isPositive());
    }
}

package dev.cortado.cri.spec;

import static dev.cortado.cri.spec.Errors.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.api.cri.v1.LinuxContainerSecurityContext;
import dev.cortado.api.cri.v1.SecurityProfile;
import dev.cortado.api.cri.v1.SecurityProfile.ProfileType;
import dev.cortado.errors.ErrorKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeccompSelectorTest {
    private final FakeHost host = new FakeHost();

    private OciSeccomp select(LinuxContainerSecurityContext.Builder sc) {
        return select(sc, RuntimeOptions.defaults(), CapabilitySets.DEFAULT);
    }

    private OciSeccomp select(LinuxContainerSecurityContext.Builder sc, RuntimeOptions options, List<String> caps) {
        return new SeccompSelector(host, options).select(sc.build(), caps);
    }

    @SuppressWarnings("deprecation") // the deprecated field on purpose: older kubelets send only it
    private static LinuxContainerSecurityContext.Builder path(String p) {
        return LinuxContainerSecurityContext.newBuilder().setSeccompProfilePath(p);
    }

    private static LinuxContainerSecurityContext.Builder profile(ProfileType type, String ref) {
        return LinuxContainerSecurityContext.newBuilder()
                .setSeccomp(SecurityProfile.newBuilder().setProfileType(type).setLocalhostRef(ref));
    }

    @Test
    void unset_isUnconfined_asCritestExpects() {
        assertThat(select(LinuxContainerSecurityContext.newBuilder())).isNull();
        assertThat(select(path(""))).isNull();
        assertThat(select(path("unconfined"))).isNull();
    }

    @Test
    void unsetWithRuntimeOption_usesThatProfile() {
        OciSeccomp p = select(
                LinuxContainerSecurityContext.newBuilder(),
                RuntimeOptions.builder().unsetSeccompProfile("runtime/default").build(),
                CapabilitySets.DEFAULT);
        assertThat(p.defaultAction()).isEqualTo("SCMP_ACT_ERRNO");
    }

    @Test
    void runtimeDefaultAndDockerDefault_areContainerdsProfile() {
        OciSeccomp viaMessage = select(profile(ProfileType.RuntimeDefault, ""));
        assertThat(select(path("docker/default"))).isEqualTo(viaMessage);
        assertThat(select(path("runtime/default"))).isEqualTo(viaMessage);
        assertThat(viaMessage.defaultAction()).isEqualTo("SCMP_ACT_ERRNO");
        assertThat(viaMessage.syscalls()).anySatisfy(s -> assertThat(s.names()).contains("clone3"));
        assertThat(viaMessage.syscalls().stream().flatMap(s -> s.names().stream()))
                .doesNotContain("sethostname");
    }

    @Test
    void runtimeDefaultWithSysAdmin_allowsSethostnameAndClone() {
        List<String> caps = new java.util.ArrayList<>(CapabilitySets.DEFAULT);
        caps.add("CAP_SYS_ADMIN");
        OciSeccomp p = select(path("docker/default"), RuntimeOptions.defaults(), caps);
        assertThat(p.syscalls().stream().flatMap(s -> s.names().stream())).contains("sethostname", "mount");
        assertThat(p.syscalls()).noneSatisfy(s -> assertThat(s.names()).containsExactly("clone3"));
    }

    @Test
    void localhost_readsTheFile_doubleSlashFormToo() {
        host.files.put(
                "/p/block.json",
                "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"architectures\":[\"SCMP_ARCH_X86_64\"],"
                        + "\"syscalls\":[{\"names\":[\"chmod\",\"fchmodat\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":1}],"
                        + "\"unknownField\":true}");
        OciSeccomp p = select(path("localhost//p/block.json"));
        assertThat(p)
                .isEqualTo(new OciSeccomp(
                        "SCMP_ACT_ALLOW",
                        null,
                        List.of("SCMP_ARCH_X86_64"),
                        List.of(),
                        List.of(new OciSeccomp.Syscall(List.of("chmod", "fchmodat"), "SCMP_ACT_ERRNO", 1, List.of()))));
        assertThat(select(profile(ProfileType.Localhost, "/p/block.json"))).isEqualTo(p);
        assertThat(select(profile(ProfileType.Localhost, "localhost//p/block.json")))
                .isEqualTo(p);
    }

    @Test
    void bareFilePath_isInvalid_critestCase() {
        assertRefused(() -> select(path("/p/block.json")), ErrorKind.INVALID_ARGUMENT, "invalid seccomp profile");
    }

    @Test
    void localhostProblems_areInvalid() {
        assertRefused(() -> select(path("localhost/relative.json")), ErrorKind.INVALID_ARGUMENT, "must be an absolute");
        assertRefused(() -> select(path("localhost//missing.json")), ErrorKind.INVALID_ARGUMENT, "does not exist");
        host.files.put("/p/bad.json", "{\"syscalls\":[]}");
        assertRefused(
                () -> select(path("localhost//p/bad.json")),
                ErrorKind.INVALID_ARGUMENT,
                "is not an OCI seccomp profile");
        host.files.put("/p/garbage.json", "not json");
        assertRefused(() -> select(path("localhost//p/garbage.json")), ErrorKind.INVALID_ARGUMENT, "not an OCI");
    }

    @Test
    void localhostRefWithOtherType_isInvalid() {
        assertRefused(
                () -> select(profile(ProfileType.RuntimeDefault, "/p/x.json")),
                ErrorKind.INVALID_ARGUMENT,
                "localhost_ref must only be set");
    }

    @Test
    void privileged_ignoresTheProfile() {
        assertThat(select(path("localhost//p/missing.json").setPrivileged(true)))
                .isNull();
    }

    @Test
    void kernelWithoutSeccomp_refusesAnythingButUnconfined() {
        host.seccomp = false;
        assertRefused(() -> select(path("runtime/default")), ErrorKind.UNIMPLEMENTED, "seccomp is not supported");
        assertThat(select(path("unconfined"))).isNull();
        assertThat(select(LinuxContainerSecurityContext.newBuilder())).isNull();
    }
}

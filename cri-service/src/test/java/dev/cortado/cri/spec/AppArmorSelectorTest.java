package dev.cortado.cri.spec;

import static dev.cortado.cri.spec.Errors.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.api.cri.v1.LinuxContainerSecurityContext;
import dev.cortado.api.cri.v1.SecurityProfile;
import dev.cortado.api.cri.v1.SecurityProfile.ProfileType;
import dev.cortado.errors.ErrorKind;
import org.junit.jupiter.api.Test;

class AppArmorSelectorTest {
    private final FakeHost host = new FakeHost();

    private String select(LinuxContainerSecurityContext.Builder sc) {
        return new AppArmorSelector(host).select(sc.build());
    }

    @SuppressWarnings("deprecation") // the deprecated field on purpose: older kubelets send only it
    private static LinuxContainerSecurityContext.Builder path(String p) {
        return LinuxContainerSecurityContext.newBuilder().setApparmorProfile(p);
    }

    private static LinuxContainerSecurityContext.Builder profile(ProfileType type, String ref) {
        return LinuxContainerSecurityContext.newBuilder()
                .setApparmor(SecurityProfile.newBuilder().setProfileType(type).setLocalhostRef(ref));
    }

    @Test
    void hostWithoutAppArmor_acceptsUnsetAndUnconfined() {
        assertThat(select(LinuxContainerSecurityContext.newBuilder())).isEmpty();
        assertThat(select(path("unconfined"))).isEmpty();
        assertThat(select(profile(ProfileType.Unconfined, ""))).isEmpty();
    }

    @Test
    void hostWithoutAppArmor_reportsOtherProfilesUnsupported() {
        assertRefused(
                () -> select(path("localhost/cri-validate-apparmor-test-deny-write")),
                ErrorKind.UNIMPLEMENTED,
                "apparmor is not supported");
        assertRefused(
                () -> select(profile(ProfileType.RuntimeDefault, "")),
                ErrorKind.UNIMPLEMENTED,
                "/sys/module/apparmor is absent");
    }

    @Test
    void malformedProfile_isInvalidEvenWithoutAppArmor() {
        assertRefused(() -> select(path("deny-write")), ErrorKind.INVALID_ARGUMENT, "invalid apparmor profile");
    }

    @Test
    void hostWithAppArmor_localhostMustBeLoaded() {
        host.apparmor = true;
        assertRefused(
                () -> select(path("localhost/non-existent-profile")),
                ErrorKind.INVALID_ARGUMENT,
                "apparmor profile not found non-existent-profile");
        host.apparmorProfiles.add("deny-write");
        assertThat(select(profile(ProfileType.Localhost, "deny-write"))).isEqualTo("deny-write");
    }

    @Test
    void hostWithAppArmor_runtimeDefaultNeedsContainerdsProfileLoaded() {
        host.apparmor = true;
        assertThat(select(LinuxContainerSecurityContext.newBuilder())).isEmpty();
        assertRefused(() -> select(path("runtime/default")), ErrorKind.UNIMPLEMENTED, "is not loaded");
        host.apparmorProfiles.add(AppArmorSelector.DEFAULT_PROFILE);
        assertThat(select(path("runtime/default"))).isEqualTo(AppArmorSelector.DEFAULT_PROFILE);
        assertThat(select(LinuxContainerSecurityContext.newBuilder())).isEqualTo(AppArmorSelector.DEFAULT_PROFILE);
        assertThat(select(path("runtime/default").setPrivileged(true))).isEmpty();
    }
}

package dev.cortado.cri.spec;

import dev.cortado.api.cri.v1.LinuxContainerSecurityContext;
import dev.cortado.api.cri.v1.SecurityProfile;
import dev.cortado.api.cri.v1.SecurityProfile.ProfileType;
import dev.cortado.errors.CortadoException;
import java.util.Optional;

/**
 * The AppArmor profile of a container ({@code process.apparmorProfile}), as containerd's {@code
 * sputil.GenerateApparmorSpecOpts} picks it. On a kernel without AppArmor, a profile other than
 * Unconfined is UNIMPLEMENTED ("apparmor is not supported"), as containerd fails it. With AppArmor:
 * Localhost needs a loaded profile; RuntimeDefault is containerd's {@code cri-containerd.apparmor.d},
 * which Cortado does not generate and load itself, so it must have been loaded by the operator
 * (none for privileged containers); unset means RuntimeDefault when that profile is loaded, else
 * no profile.
 */
final class AppArmorSelector {
    /** containerd's default profile name. */
    static final String DEFAULT_PROFILE = "cri-containerd.apparmor.d";

    private final HostFacts host;

    AppArmorSelector(HostFacts host) {
        this.host = host;
    }

    /** The profile name, or empty for none. */
    String select(LinuxContainerSecurityContext sc) {
        Optional<SecurityProfile> asked =
                SecurityProfiles.of(sc.hasApparmor(), sc.getApparmor(), legacyProfile(sc), "apparmor");
        if (!host.apparmorEnabled()) {
            if (asked.isPresent() && asked.get().getProfileType() != ProfileType.Unconfined) {
                throw CortadoException.unimplemented(
                        "apparmor is not supported: the kernel has no AppArmor "
                                + "(/sys/module/apparmor is absent); asked for %s",
                        describe(asked.get()));
            }
            return "";
        }
        if (asked.isEmpty()) {
            return sc.getPrivileged() || !host.apparmorProfileLoaded(DEFAULT_PROFILE) ? "" : DEFAULT_PROFILE;
        }
        SecurityProfile p = asked.get();
        switch (p.getProfileType()) {
            case Unconfined:
                return "";
            case RuntimeDefault:
                if (sc.getPrivileged()) {
                    return "";
                }
                if (!host.apparmorProfileLoaded(DEFAULT_PROFILE)) {
                    throw CortadoException.unimplemented(
                            "apparmor runtime default profile %s is not loaded: cortado "
                                    + "does not generate it; load it with apparmor_parser",
                            DEFAULT_PROFILE);
                }
                return DEFAULT_PROFILE;
            case Localhost:
                String name = SecurityProfiles.localhostRef(p);
                if (name.isEmpty() || !host.apparmorProfileLoaded(name)) {
                    throw CortadoException.invalidArgument("apparmor profile not found %s", name);
                }
                return name;
            default:
                throw CortadoException.invalidArgument("apparmor profile type %s is unknown", p.getProfileType());
        }
    }

    private static String describe(SecurityProfile p) {
        return p.getProfileType() == ProfileType.Localhost
                ? "localhost/" + p.getLocalhostRef()
                : p.getProfileType().name();
    }

    /**
     * The deprecated {@code apparmor_profile} string. Deprecated in CRI since Kubernetes 1.30 for the
     * {@code apparmor} field, but older kubelets send only it, so it must still be read (as containerd does).
     */
    @SuppressWarnings("deprecation")
    private static String legacyProfile(LinuxContainerSecurityContext sc) {
        return sc.getApparmorProfile();
    }
}

package dev.cortado.cri.spec;

import dev.cortado.api.cri.v1.SecurityProfile;
import dev.cortado.api.cri.v1.SecurityProfile.ProfileType;
import dev.cortado.errors.CortadoException;
import java.util.Optional;

/**
 * The CRI's two ways of naming a seccomp or AppArmor profile, reduced to one: the {@code
 * SecurityProfile} message when it is set, else the deprecated string field, read as containerd's
 * {@code sputil.GenerateSecurityProfile}: {@code runtime/default}, {@code docker/default} (an
 * alias critest uses) -> RuntimeDefault; {@code unconfined}; {@code localhost/<ref>}; anything
 * else is INVALID_ARGUMENT ("without localhost/ as a prefix" is a critest case).
 */
final class SecurityProfiles {
    static final String LOCALHOST = "localhost/";

    private SecurityProfiles() {}

    /** The profile asked for, or empty when neither field names one. */
    static Optional<SecurityProfile> of(
            boolean hasMessage, SecurityProfile message, String deprecatedPath, String what) {
        if (hasMessage) {
            SecurityProfile p = message;
            if (p.getProfileType() != ProfileType.Localhost
                    && !p.getLocalhostRef().isEmpty()) {
                throw CortadoException.invalidArgument(
                        "%s config invalid: localhost_ref must only be set if the " + "profile type is Localhost",
                        what);
            }
            if (p.getProfileType() == ProfileType.UNRECOGNIZED) {
                throw CortadoException.invalidArgument("%s profile type %d is unknown", what, p.getProfileTypeValue());
            }
            return Optional.of(p);
        }
        if (deprecatedPath.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(parse(deprecatedPath, what));
    }

    /** A profile string ({@code seccomp_profile_path}, {@code apparmor_profile}, unset_seccomp_profile). */
    static SecurityProfile parse(String path, String what) {
        switch (path) {
            case "runtime/default", "docker/default", "":
                return SecurityProfile.newBuilder()
                        .setProfileType(ProfileType.RuntimeDefault)
                        .build();
            case "unconfined":
                return SecurityProfile.newBuilder()
                        .setProfileType(ProfileType.Unconfined)
                        .build();
            default:
                if (!path.startsWith(LOCALHOST)) {
                    throw CortadoException.invalidArgument(
                            "invalid %s profile \"%s\": expected runtime/default, " + "unconfined or localhost/<path>",
                            what, path);
                }
                return SecurityProfile.newBuilder()
                        .setProfileType(ProfileType.Localhost)
                        .setLocalhostRef(path.substring(LOCALHOST.length()))
                        .build();
        }
    }

    /** A Localhost profile's reference, with a stray {@code localhost/} prefix trimmed as containerd does. */
    static String localhostRef(SecurityProfile p) {
        String ref = p.getLocalhostRef();
        return ref.startsWith(LOCALHOST) ? ref.substring(LOCALHOST.length()) : ref;
    }
}

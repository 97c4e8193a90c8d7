package dev.cortado.cri.spec;

import dev.cortado.api.cri.v1.LinuxContainerSecurityContext;
import dev.cortado.api.cri.v1.SecurityProfile;
import dev.cortado.errors.CortadoException;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The seccomp profile of a container, as containerd's {@code sputil.GenerateSeccompSpecOpts}
 * picks it: none when privileged; none when unset (unless the runtime's unset_seccomp_profile
 * names one) or Unconfined; containerd's default profile for RuntimeDefault; the OCI seccomp JSON
 * of a Localhost file, whose path must be absolute. On a kernel without seccomp anything but
 * Unconfined is "seccomp is not supported".
 */
final class SeccompSelector {
    /** The most a Localhost profile file may hold. */
    static final long MAX_PROFILE_BYTES = 1L << 20;

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final HostFacts host;
    private final RuntimeOptions options;

    SeccompSelector(HostFacts host, RuntimeOptions options) {
        this.host = host;
        this.options = options;
    }

    /** The profile for a container with this bounding set, or null for none. */
    OciSeccomp select(LinuxContainerSecurityContext sc, List<String> bounding) {
        Optional<SecurityProfile> asked =
                SecurityProfiles.of(sc.hasSeccomp(), sc.getSeccomp(), legacyProfilePath(sc), "seccomp");
        if (asked.isEmpty() && !options.unsetSeccompProfile().isEmpty()) {
            asked = Optional.of(SecurityProfiles.parse(options.unsetSeccompProfile(), "seccomp"));
        }
        if (sc.getPrivileged()) {
            return null;
        }
        if (!host.seccompEnabled()) {
            if (asked.isPresent() && asked.get().getProfileType() != SecurityProfile.ProfileType.Unconfined) {
                throw CortadoException.unimplemented("seccomp is not supported: the kernel has no seccomp filters");
            }
            return null;
        }
        if (asked.isEmpty()) {
            return null;
        }
        return switch (asked.get().getProfileType()) {
            case Unconfined -> null;
            case RuntimeDefault -> RuntimeDefaultSeccomp.profile(bounding);
            case Localhost -> localhost(SecurityProfiles.localhostRef(asked.get()));
            default ->
                throw CortadoException.invalidArgument(
                        "seccomp profile type %s is unknown", asked.get().getProfileType());
        };
    }

    private OciSeccomp localhost(String path) {
        if (!path.startsWith("/")) {
            throw CortadoException.invalidArgument("seccomp localhost profile \"%s\" must be an absolute path", path);
        }
        String text = host.readFile(path, MAX_PROFILE_BYTES)
                .orElseThrow(
                        () -> CortadoException.invalidArgument("seccomp localhost profile %s does not exist", path));
        try {
            return JSON.readValue(text, OciSeccomp.class);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new CortadoException(
                    dev.cortado.errors.ErrorKind.INVALID_ARGUMENT,
                    "seccomp localhost profile " + path + " is not an OCI seccomp profile: " + e.getMessage(),
                    e);
        }
    }

    /**
     * The deprecated {@code seccomp_profile_path} string. Deprecated in CRI since Kubernetes 1.19 for the
     * {@code seccomp} field, but older kubelets send only it, so it must still be read (as containerd does).
     */
    @SuppressWarnings("deprecation")
    private static String legacyProfilePath(LinuxContainerSecurityContext sc) {
        return sc.getSeccompProfilePath();
    }
}

package dev.cortado.shim.spec;

import dev.cortado.errors.CortadoException;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;

/**
 * Refuses what a spec asks for that Cortado does not do, rather than running the container
 * without it: OCI hooks, a seccomp notify listener, Intel RDT, and an AppArmor profile or
 * SELinux label on a host where that LSM is enabled (where it is not, runc ignores them too,
 * and so do we). UNIMPLEMENTED, naming the field.
 */
public final class UnsupportedFeatures {
    /** Which LSMs the host has enabled. */
    public record HostLsm(boolean apparmor, boolean selinux) {
        /** This host's: AppArmor's module parameter, SELinux's mounted selinuxfs. */
        public static HostLsm detect() {
            boolean apparmor;
            try {
                apparmor = Files.readString(Path.of("/sys/module/apparmor/parameters/enabled"))
                        .startsWith("Y");
            } catch (java.io.IOException e) {
                apparmor = false;
            }
            return new HostLsm(apparmor, Files.exists(Path.of("/sys/fs/selinux/enforce")));
        }
    }

    private final HostLsm host;

    public UnsupportedFeatures(HostLsm host) {
        this.host = host;
    }

    /** Checks a whole config.json tree. */
    void checkSpec(JsonNode spec) {
        JsonNode hooks = spec.path("hooks");
        if (hooks.isObject()) {
            for (var e : hooks.properties()) {
                if (e.getValue().isArray() && !e.getValue().isEmpty()) {
                    throw refused("hooks." + e.getKey(), "OCI hooks are not run by cortado");
                }
            }
        }
        if (!spec.path("linux")
                .path("seccomp")
                .path("listenerPath")
                .asString("")
                .isEmpty()) {
            throw refused("linux.seccomp.listenerPath", "seccomp user notification is not supported");
        }
        if (!spec.path("linux").path("intelRdt").isMissingNode()
                && !spec.path("linux").path("intelRdt").isNull()) {
            throw refused("linux.intelRdt", "Intel RDT is not supported");
        }
        if (host.selinux()
                && !spec.path("linux").path("mountLabel").asString("").isEmpty()) {
            throw refused("linux.mountLabel", "SELinux labels are not applied by cortado on this SELinux host");
        }
        checkProcess(spec.path("process"));
    }

    /** Checks a process object (the spec's, or an exec's). */
    void checkProcess(JsonNode process) {
        if (host.apparmor() && !process.path("apparmorProfile").asString("").isEmpty()) {
            throw refused(
                    "process.apparmorProfile", "AppArmor profiles are not applied by cortado on this AppArmor host");
        }
        if (host.selinux() && !process.path("selinuxLabel").asString("").isEmpty()) {
            throw refused("process.selinuxLabel", "SELinux labels are not applied by cortado on this SELinux host");
        }
    }

    private static CortadoException refused(String field, String why) {
        return CortadoException.unimplemented("%s: %s", field, why);
    }
}

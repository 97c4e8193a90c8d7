package dev.cortado.cri.spec;

import dev.cortado.api.cri.v1.Capability;
import dev.cortado.errors.CortadoException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A container's capabilities as containerd's CRI plugin sets them (research/reliability.md §2.1):
 * the 14 default capabilities; {@code ALL} in add gives every capability the host knows, {@code
 * ALL} in drop none; then the named adds, then the named drops, so {@code add ALL, drop CHOWN}
 * works. Names may carry the {@code CAP_} prefix or not, in any case. Ambient capabilities are
 * never set (containerd's {@code WithoutAmbientCaps}).
 */
final class CapabilitySets {
    /** containerd's {@code defaultUnixCaps()}, in its order. */
    static final List<String> DEFAULT = List.of(
            "CAP_CHOWN",
            "CAP_DAC_OVERRIDE",
            "CAP_FSETID",
            "CAP_FOWNER",
            "CAP_MKNOD",
            "CAP_NET_RAW",
            "CAP_SETGID",
            "CAP_SETUID",
            "CAP_SETFCAP",
            "CAP_SETPCAP",
            "CAP_NET_BIND_SERVICE",
            "CAP_SYS_CHROOT",
            "CAP_KILL",
            "CAP_AUDIT_WRITE");

    private static final Pattern NAME = Pattern.compile("CAP_[A-Z_]+");

    private CapabilitySets() {}

    /** The bounding/effective/permitted list for a non-privileged container. */
    static List<String> resolve(Capability requested, List<String> hostCaps) {
        List<String> caps = new ArrayList<>(DEFAULT);
        if (requested.getAddCapabilitiesList().stream().anyMatch(c -> c.equalsIgnoreCase("ALL"))) {
            caps = new ArrayList<>(hostCaps);
        }
        if (requested.getDropCapabilitiesList().stream().anyMatch(c -> c.equalsIgnoreCase("ALL"))) {
            caps = new ArrayList<>();
        }
        for (String c : requested.getAddCapabilitiesList()) {
            if (!c.equalsIgnoreCase("ALL")) {
                String name = normalize(c, hostCaps);
                if (!caps.contains(name)) {
                    caps.add(name);
                }
            }
        }
        for (String c : requested.getDropCapabilitiesList()) {
            if (!c.equalsIgnoreCase("ALL")) {
                // dropping a capability this kernel does not know is harmless: it cannot be held
                caps.remove(normalize(c, null));
            }
        }
        if (!requested.getAddAmbientCapabilitiesList().isEmpty()) {
            throw CortadoException.invalidArgument(
                    "ambient capabilities %s are not supported: containerd clears them " + "too (kubernetes#56374)",
                    requested.getAddAmbientCapabilitiesList());
        }
        return caps;
    }

    /**
     * {@code CAP_} + the upper-cased name; INVALID_ARGUMENT for a name that is not a capability
     * name, or (with {@code hostCaps}) one this kernel does not know, which runc would refuse later.
     */
    static String normalize(String name, List<String> hostCaps) {
        String upper = name.toUpperCase(Locale.ROOT);
        String full = upper.startsWith("CAP_") ? upper : "CAP_" + upper;
        if (!NAME.matcher(full).matches() || (hostCaps != null && !hostCaps.contains(full))) {
            throw CortadoException.invalidArgument("unknown capability \"%s\"", name);
        }
        return full;
    }
}

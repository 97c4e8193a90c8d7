package dev.cortado.shim.launch;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Accepts only sysctls that are namespaced and whose namespace the container owns, as runc's
 * validator does (CVE-2022-0811, CVE-2022-0532: never a host-wide or host-namespace sysctl).
 */
public final class SysctlPolicy {
    private static final Pattern NAME = Pattern.compile("[a-z0-9_-]+([./][a-z0-9_-]+)+");
    private static final List<String> IPC = List.of(
            "kernel.msgmax",
            "kernel.msgmnb",
            "kernel.msgmni",
            "kernel.sem",
            "kernel.shmall",
            "kernel.shmmax",
            "kernel.shmmni",
            "kernel.shm_rmid_forced");

    private SysctlPolicy() {}

    /**
     * Returns the sysctls as {@code /proc/sys}-relative paths, in name order.
     *
     * @param sysctls dotted (or slashed) names to values
     * @param newNamespaces the namespace types the container creates (net, ipc, uts, ...)
     */
    public static Map<String, String> validate(Map<String, String> sysctls, Set<String> newNamespaces) {
        Map<String, String> paths = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : new TreeMap<>(sysctls).entrySet()) {
            String name = e.getKey().replace('/', '.');
            if (!NAME.matcher(e.getKey()).matches()) {
                throw invalid("sysctl name " + e.getKey());
            }
            String needs = namespaceOf(name);
            if (needs == null) {
                throw invalid("sysctl " + name + " is not namespaced");
            }
            if (!newNamespaces.contains(needs)) {
                throw invalid("sysctl " + name + " needs a new " + needs + " namespace");
            }
            String value = e.getValue();
            if (value == null || value.chars().anyMatch(c -> c < 0x20 && c != '\t')) {
                throw invalid("sysctl value for " + name);
            }
            paths.put(name.replace('.', '/'), value);
        }
        return paths;
    }

    private static String namespaceOf(String name) {
        if (IPC.contains(name) || name.startsWith("fs.mqueue.")) {
            return "ipc";
        }
        if (name.startsWith("net.")) {
            return "net";
        }
        if (name.equals("kernel.hostname") || name.equals("kernel.domainname")) {
            return "uts";
        }
        return null;
    }

    private static CortadoException invalid(String what) {
        return new CortadoException(ErrorKind.INVALID_ARGUMENT, "invalid " + what);
    }
}

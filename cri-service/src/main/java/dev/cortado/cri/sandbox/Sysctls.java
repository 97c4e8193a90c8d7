package dev.cortado.cri.sandbox;

import dev.cortado.errors.CortadoException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Validates a pod's sysctls as kubelet's namespaced list does ({@code pkg/kubelet/sysctl}):
 * {@code kernel.shm*}, {@code kernel.msg*}, {@code kernel.sem} and {@code fs.mqueue.*} belong to the
 * IPC namespace, {@code net.*} to the network namespace. Anything else is not namespaced and would
 * change the host: INVALID_ARGUMENT. A namespaced sysctl of a namespace the pod shares with the
 * host is refused too. Names may use {@code /} as separator (kubelet accepts both).
 */
public final class Sysctls {
    private static final Pattern NAME = Pattern.compile("[a-z0-9_-]+(\\.[a-z0-9_-]+)*");
    private static final List<String> IPC_PREFIXES = List.of("kernel.shm", "kernel.msg", "fs.mqueue.");

    private Sysctls() {}

    /** Which namespace a sysctl belongs to. */
    public enum Namespace {
        NET,
        IPC
    }

    /** The sysctls with dotted names, each checked; sorted for a stable order of writes. */
    public static Map<String, String> validate(Map<String, String> sysctls, NamespaceOptions options) {
        Map<String, String> out = new TreeMap<>();
        sysctls.forEach((rawName, value) -> {
            String name = rawName.replace('/', '.');
            if (!NAME.matcher(name).matches()) {
                throw CortadoException.invalidArgument("sysctl name \"%s\" is not valid", rawName);
            }
            if (value == null || value.isEmpty() || value.contains("\n")) {
                throw CortadoException.invalidArgument("sysctl %s needs a one-line, non-empty value", name);
            }
            Namespace ns = namespaceOf(name);
            if (ns == Namespace.NET && options.network() != NamespaceMode.POD) {
                throw CortadoException.invalidArgument(
                        "sysctl %s cannot be set in a pod that uses the host network", name);
            }
            if (ns == Namespace.IPC && options.ipc() != NamespaceMode.POD) {
                throw CortadoException.invalidArgument(
                        "sysctl %s cannot be set in a pod that uses the host ipc namespace", name);
            }
            out.put(name, value);
        });
        return out;
    }

    /** The namespace of a dotted sysctl name; INVALID_ARGUMENT for one that is not namespaced. */
    public static Namespace namespaceOf(String name) {
        if (name.startsWith("net.")) {
            return Namespace.NET;
        }
        if (name.equals("kernel.sem") || IPC_PREFIXES.stream().anyMatch(name::startsWith)) {
            return Namespace.IPC;
        }
        throw CortadoException.invalidArgument(
                "sysctl %s is not namespaced: only net.*, kernel.shm*, kernel.msg*, kernel.sem and fs.mqueue.* may be set"
                        + " for a pod",
                name);
    }
}

package dev.cortado.cri.sandbox;

import dev.cortado.errors.CortadoException;

/**
 * CRI's {@code PodSandboxMetadata}; name, uid and namespace are required, as kubelet always sends
 * them and critest checks them in the status.
 */
public record SandboxMetadata(String name, String uid, String namespace, int attempt) {
    public SandboxMetadata {
        require("name", name);
        require("uid", uid);
        require("namespace", namespace);
        if (attempt < 0) {
            throw CortadoException.invalidArgument(
                    "pod sandbox metadata attempt must not be negative, got %d", attempt);
        }
    }

    /**
     * The reserved name, as containerd makes it ({@code name_namespace_uid_attempt}): a second pod
     * with the same four values while the first exists is ALREADY_EXISTS; pods may share a name.
     */
    public String reservedName() {
        return name + "_" + namespace + "_" + uid + "_" + attempt;
    }

    private static void require(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw CortadoException.invalidArgument("pod sandbox metadata %s must not be empty", field);
        }
    }
}

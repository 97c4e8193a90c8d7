package dev.cortado.cri.sandbox;

import java.util.Objects;

/**
 * The pod's namespace choices, as CRI's {@code NamespaceOption}; unset fields are {@code POD}
 * (proto3 enum zero), which is what critest's default pod sends.
 *
 * @param targetId the container whose namespace {@code TARGET} refers to; empty otherwise
 * @param userNamespace {@code NODE} when no user namespace is asked for (the CRI default)
 */
public record NamespaceOptions(
        NamespaceMode network, NamespaceMode pid, NamespaceMode ipc, String targetId, NamespaceMode userNamespace) {
    /** The CRI defaults: everything {@code POD}, the host's user namespace. */
    public static final NamespaceOptions DEFAULT =
            new NamespaceOptions(NamespaceMode.POD, NamespaceMode.POD, NamespaceMode.POD, "", NamespaceMode.NODE);

    public NamespaceOptions {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(pid, "pid");
        Objects.requireNonNull(ipc, "ipc");
        targetId = targetId == null ? "" : targetId;
        Objects.requireNonNull(userNamespace, "userNamespace");
    }

    /** True when the pod uses the host's network (and so, as kubelet expects, the host's UTS namespace). */
    public boolean hostNetwork() {
        return network == NamespaceMode.NODE;
    }
}

package dev.cortado.cri.runtime;

/**
 * What a runtime handler can do that kubelet asks about in {@code Status.runtime_handlers}: it
 * refuses pods that need a feature reported false, so each must be what the handler really does.
 *
 * @param recursiveReadOnlyMounts {@code rro} mounts (a read-only bind whose submounts are read-only too)
 * @param userNamespaces pods in a user namespace of their own
 */
public record HandlerFeatures(boolean recursiveReadOnlyMounts, boolean userNamespaces) {
    /** Neither feature. */
    public static final HandlerFeatures NONE = new HandlerFeatures(false, false);
}

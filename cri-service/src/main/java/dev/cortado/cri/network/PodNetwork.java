package dev.cortado.cri.network;

/**
 * Attaches pods to the node's network and detaches them: CNI ADD and DEL against the network
 * config in force. Implementations are safe for concurrent calls on different pods.
 */
public interface PodNetwork {
    /**
     * Sets up the pod's network inside {@code attachment.netnsPath()} (CNI ADD) and returns what
     * the plugins reported. On failure nothing stays attached (a DEL has been attempted) and the
     * error names the plugin and its message.
     */
    PodNetworkStatus attach(PodAttachment attachment);

    /**
     * Tears the pod's network down (CNI DEL). Idempotent: a pod never attached, already
     * detached, or whose netns is gone is not an error, per the CNI spec's DEL semantics.
     */
    void detach(PodAttachment attachment);

    /** Sets the pod CIDR handed to a templated network config (CRI UpdateRuntimeConfig). */
    void updatePodCidr(String podCidr);
}

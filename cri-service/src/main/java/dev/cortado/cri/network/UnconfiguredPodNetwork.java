package dev.cortado.cri.network;

import dev.cortado.errors.CortadoException;

/**
 * The pod network while no CNI implementation is wired: attaching fails with FAILED_PRECONDITION
 * (a pod with its own network namespace but no interfaces would be a lie); detaching has nothing
 * to undo. Host-network pods never attach.
 */
public final class UnconfiguredPodNetwork implements PodNetwork {
    @Override
    public PodNetworkStatus attach(PodAttachment attachment) {
        throw CortadoException.failedPrecondition("no CNI pod network is available for pod %s (%s/%s)",
                attachment.sandboxId(), attachment.podNamespace(), attachment.podName());
    }

    @Override
    public void detach(PodAttachment attachment) {
    }

    @Override
    public void updatePodCidr(String podCidr) {
    }
}

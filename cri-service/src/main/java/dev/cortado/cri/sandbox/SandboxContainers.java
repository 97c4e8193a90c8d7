package dev.cortado.cri.sandbox;

/**
 * The containers of pods, as the sandbox lifecycle needs them: StopPodSandbox stops them all and
 * RemovePodSandbox removes them all (CRI: both "forcibly terminate" what still runs). The
 * container service (issue 12) implements it; until then pods have no containers.
 */
public interface SandboxContainers {
    /** No containers exist yet. */
    SandboxContainers NONE = new SandboxContainers() {
        @Override
        public void stopAll(String sandboxId) {}

        @Override
        public void removeAll(String sandboxId) {}
    };

    /** Stops every container of the pod with its timeout, then kills; idempotent. */
    void stopAll(String sandboxId);

    /** Removes every container of the pod (stopping it first); idempotent. */
    void removeAll(String sandboxId);
}

package dev.cortado.cri.sandbox;

import dev.cortado.errors.CortadoException;

/**
 * A persisted pod's lifecycle. A pod is stored only once RunPodSandbox has set it up, so it is
 * born {@link #READY}; StopPodSandbox moves it to {@link #NOTREADY} (again and again: stop is
 * idempotent); nothing moves it back, since CRI has no "start sandbox" (kubelet makes a new pod
 * with the next attempt). Removal deletes the record from either state.
 */
public enum SandboxState {
    READY,
    NOTREADY;

    /** The state after a stop: always {@link #NOTREADY}, from either state. */
    public SandboxState stop() {
        return NOTREADY;
    }

    /** Guards work that needs a running pod (containers, resources): FAILED_PRECONDITION otherwise. */
    public void requireReady(String sandboxId, String what) {
        if (this != READY) {
            throw CortadoException.failedPrecondition(
                    "cannot %s: pod sandbox %s is %s, not READY", what, sandboxId, name());
        }
    }
}

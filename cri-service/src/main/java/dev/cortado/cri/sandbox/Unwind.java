package dev.cortado.cri.sandbox;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The undo actions of a multi-step call, run newest first when a later step fails (house rule
 * 19). Cleanup is best effort: a failing undo is logged and attached to the original error as
 * suppressed, and the remaining undos still run. Used by RunPodSandbox and CreateContainer.
 */
public final class Unwind {
    private static final Logger LOG = LoggerFactory.getLogger(Unwind.class);

    private final Deque<Step> steps = new ArrayDeque<>();

    /** Registers what undoes the step that just succeeded. */
    public void onFailure(String what, Runnable undo) {
        steps.push(new Step(what, undo));
    }

    /** Runs every undo, newest first. */
    public void unwind(Throwable cause) {
        while (!steps.isEmpty()) {
            Step step = steps.pop();
            try {
                step.undo.run();
            } catch (RuntimeException e) {
                LOG.warn("cleanup after failure: cannot {}: {}", step.what, e.getMessage(), e);
                cause.addSuppressed(e);
            }
        }
    }

    private record Step(String what, Runnable undo) {}
}

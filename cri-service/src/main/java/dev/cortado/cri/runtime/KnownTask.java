package dev.cortado.cri.runtime;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A container {@link ShimTasks} knows: its handler, what {@code <shim> start} got (reused for
 * {@code <shim> delete}), its shim's connection, the future of its init process's exit (one
 * Wait per container, which also notices a shim that dies), and, once its shim is gone and was
 * cleaned up, the exit reported for it.
 *
 * @param shim null once the shim is gone
 */
record KnownTask(
        String id,
        String handler,
        ShimStartRequest start,
        ShimConnection shim,
        CompletableFuture<ExitResult> exit,
        Optional<ExitResult> gone) {
    Path bundle() {
        return start.bundle();
    }

    boolean isGone() {
        return gone.isPresent();
    }

    /** The same container after its shim died and {@code <shim> delete} ran; complete {@code exit} after. */
    KnownTask goneWith(ExitResult result) {
        return new KnownTask(id, handler, start, null, exit, Optional.of(result));
    }

    /** The init process's state while its shim is gone: STOPPED with the reported exit. */
    ProcessState goneState() {
        ExitResult r = gone.orElseThrow();
        return new ProcessState(id, "", r.pid(), ProcessState.Status.STOPPED, Stdio.NONE, r.exitStatus(), r.exitedAt());
    }
}

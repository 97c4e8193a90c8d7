package dev.cortado.cri.container;

import dev.cortado.cri.runtime.EventDispatcher;
import dev.cortado.cri.runtime.ExitResult;
import dev.cortado.cri.runtime.Tasks;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** StartContainer, StopContainer and RemoveContainer on one container; callers hold its lock. */
final class ContainerLifecycle {
    /** containerd's {@code errorStartReason} and {@code errorStartExitCode} (Docker's 128). */
    static final String START_ERROR = "StartError";

    static final int START_ERROR_CODE = 128;
    /** How long a process may take to die after SIGKILL before stop gives up. */
    static final Duration KILL_WAIT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(ContainerLifecycle.class);

    private final ContainerParts parts;
    private final ContainerRecords records;
    private final ContainerDirs dirs;
    private final LogCopiers copiers;
    private final ContainerExits exits;
    private final EventDispatcher<ContainerEvent> events;

    ContainerLifecycle(
            ContainerParts parts,
            ContainerRecords records,
            ContainerDirs dirs,
            LogCopiers copiers,
            ContainerExits exits,
            EventDispatcher<ContainerEvent> events) {
        this.parts = parts;
        this.records = records;
        this.dirs = dirs;
        this.copiers = copiers;
        this.exits = exits;
        this.events = events;
    }

    /**
     * CREATED -> RUNNING, in a READY pod. A start in a pod that is not ready (or gone), or one the shim refuses, leaves the container EXITED with containerd's
     * {@code StartError}, 128 and the error as message, and the error is thrown.
     */
    Container start(Container c) {
        if (c.state() != ContainerState.CREATED) {
            throw CortadoException.failedPrecondition(
                    "cannot start container %s: it is %s, not CREATED", c.id(), c.state());
        }
        int pid;
        try {
            // containerd's StartContainer: only in a READY pod, else StartError as any failed start
            if (!parts.pods().get(c.sandboxId()).ready()) {
                throw CortadoException.failedPrecondition("sandbox container %s is not running", c.sandboxId());
            }
            pid = parts.tasks().start(c.id(), "");
        } catch (RuntimeException e) {
            try {
                exits.markExited(c, START_ERROR_CODE, Times.nanos(parts.clock()), START_ERROR, e.getMessage());
            } catch (RuntimeException recording) {
                e.addSuppressed(recording);
            }
            throw e;
        }
        ContainerStatus s = c.status();
        long now = Times.nanos(parts.clock());
        Container running = records.save(
                c.withStatus(new ContainerStatus(ContainerState.RUNNING, s.createdAtNanos(), now, 0, 0, "", "", pid)));
        events.publish(new ContainerEvent(ContainerEvent.Type.STARTED, c.id(), c.sandboxId(), now));
        return running;
    }

    /**
     * Stops the container and returns it EXITED. Idempotent per the CRI spec ("if the container has
     * already been stopped, it must not return an error"). The stop signal first, SIGKILL to every
     * process once {@code timeout} passed; zero kills at once. A CREATED container that never ran
     * is killed and its task deleted, so it does not linger in its shim.
     */
    Container stop(Container c, Duration timeout) {
        Tasks tasks = parts.tasks();
        switch (c.state()) {
            case EXITED:
                return c;
            case CREATED: {
                TaskCalls.kill(tasks, c.id(), "", Signals.SIGKILL, true);
                Optional<ExitResult> deleted = TaskCalls.deleteQuietly(tasks, c.id(), "");
                return exits.markExited(
                        c,
                        deleted.map(ExitResult::exitStatus).orElse(128 + Signals.SIGKILL),
                        Times.nanos(parts.clock()),
                        "",
                        "");
            }
            default:
                break;
        }
        CompletableFuture<ExitResult> exit;
        try {
            exit = tasks.waitExit(c.id(), "");
        } catch (CortadoException e) {
            if (e.kind() != ErrorKind.NOT_FOUND && e.kind() != ErrorKind.UNAVAILABLE) {
                throw e;
            }
            return lost(c, e);
        }
        if (timeout.compareTo(Duration.ZERO) > 0
                && TaskCalls.kill(tasks, c.id(), "", Signals.number(c.stopSignal()), false)) {
            Optional<ExitResult> done = await(c, exit, timeout);
            if (done.isPresent()) {
                return exited(c, done.get());
            }
            LOG.info("container {} did not exit within {} of {}; killing it", c.id(), timeout, c.stopSignal());
        }
        TaskCalls.kill(tasks, c.id(), "", Signals.SIGKILL, true);
        ExitResult result = await(c, exit, KILL_WAIT)
                .orElseThrow(() -> new CortadoException(
                        ErrorKind.INTERNAL,
                        "container " + c.id() + " did not exit within " + KILL_WAIT + " of SIGKILL"));
        return exited(c, result);
    }

    /**
     * Removes the container: stops it first when it may still run (CRI: a running container "must
     * be forcibly removed"), then its task, log copy, rootfs, directories, record and name. Logs
     * stay: kubelet owns them. The rootfs is unmounted before any directory is deleted, so the
     * delete never reaches through a mount.
     */
    void remove(Container c) {
        Container stopped = stop(c, Duration.ZERO);
        TaskCalls.deleteQuietly(parts.tasks(), c.id(), "");
        copiers.close(c.id());
        try {
            parts.mounter().unmount(dirs.rootfs(c.id()));
        } catch (java.io.IOException e) {
            throw CortadoException.internal(
                    "cannot remove container " + c.id() + ": unmount " + dirs.rootfs(c.id()) + ": " + e.getMessage(),
                    e);
        }
        dirs.remove(c.id());
        records.delete(stopped.id());
        exits.forget(c.id());
        events.publish(
                new ContainerEvent(ContainerEvent.Type.DELETED, c.id(), c.sandboxId(), Times.nanos(parts.clock())));
    }

    private Container exited(Container c, ExitResult result) {
        return exits.markExited(c, result.exitStatus(), Times.exitNanos(result.exitedAt(), parts.clock()), "", "");
    }

    /** The task is gone without an exit: containerd's 255 and "Unknown". */
    private Container lost(Container c, CortadoException e) {
        return exits.markExited(
                c,
                ContainerExits.UNKNOWN_EXIT_CODE,
                Times.nanos(parts.clock()),
                ContainerExits.UNKNOWN,
                e.getMessage());
    }

    private static Optional<ExitResult> await(Container c, CompletableFuture<ExitResult> exit, Duration timeout) {
        try {
            return Optional.of(exit.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CortadoException(ErrorKind.CANCELLED, "interrupted stopping container " + c.id(), e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CortadoException ce
                    && (ce.kind() == ErrorKind.NOT_FOUND || ce.kind() == ErrorKind.UNAVAILABLE)) {
                LOG.warn("container {}: its task is gone while stopping: {}", c.id(), ce.getMessage());
                return Optional.of(new ExitResult(0, ContainerExits.UNKNOWN_EXIT_CODE, Instant.EPOCH));
            }
            throw CortadoException.internal("wait for container " + c.id() + " to exit: " + e.getCause(), e);
        }
    }
}

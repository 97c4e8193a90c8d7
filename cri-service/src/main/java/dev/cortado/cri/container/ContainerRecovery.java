package dev.cortado.cri.container;

import dev.cortado.cri.runtime.ProcessState;
import dev.cortado.errors.CortadoException;
import java.nio.file.Files;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At daemon start, reconciles every stored CREATED or RUNNING container with its task, as
 * containerd's {@code restart.go} does (research/reliability.md §3.1). After a reboot (the pod's
 * boot id differs, or the bundle under the wiped state dir is gone) nothing of it runs: EXITED,
 * 255, {@code Unknown}. Otherwise the shim recorded in the bundle is asked: a stopped task gives
 * its real exit code and time (it exited while cortado was down) and is deleted; a live one keeps
 * its state (a start that was not yet persisted becomes RUNNING) and gets its log copy back: the
 * fifos persist in the bundle and the shim keeps their write ends, so no line is lost.
 */
final class ContainerRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerRecovery.class);

    private final ContainerParts parts;
    private final ContainerRecords records;
    private final ContainerDirs dirs;
    private final LogCopiers copiers;
    private final ContainerExits exits;
    private final KeyedLocks locks;

    ContainerRecovery(
            ContainerParts parts,
            ContainerRecords records,
            ContainerDirs dirs,
            LogCopiers copiers,
            ContainerExits exits,
            KeyedLocks locks) {
        this.parts = parts;
        this.records = records;
        this.dirs = dirs;
        this.copiers = copiers;
        this.exits = exits;
        this.locks = locks;
    }

    /** Reconciles every container; returns how many changed state. One failing container does not stop the rest. */
    int recover() {
        int changed = 0;
        for (Container listed : records.list()) {
            try {
                if (locks.with(
                        listed.id(),
                        () -> records.get(listed.id()).map(this::reconcile).orElse(false))) {
                    changed++;
                }
            } catch (RuntimeException e) {
                LOG.warn("container {}: recovery failed; it keeps its stored state", listed.id(), e);
            }
        }
        return changed;
    }

    /** True when the state changed. The caller holds the lock. */
    private boolean reconcile(Container c) {
        if (c.state() != ContainerState.CREATED && c.state() != ContainerState.RUNNING) {
            return false;
        }
        if (rebooted(c)) {
            lost(c, "the host rebooted since it was created");
            return true;
        }
        ProcessState task;
        try {
            task = parts.tasks().recover(c.runtimeHandler(), c.id(), dirs.bundle(c.id()));
        } catch (CortadoException e) {
            lost(c, "its task could not be recovered: " + e.getMessage());
            return true;
        }
        switch (task.status()) {
            case STOPPED -> {
                exits.markExited(c, task.exitStatus(), Times.exitNanos(task.exitedAt(), parts.clock()), "", "");
                return true;
            }
            case RUNNING, PAUSED, PAUSING -> {
                copiers.start(c);
                if (c.state() == ContainerState.CREATED) {
                    ContainerStatus s = c.status();
                    records.save(c.withStatus(new ContainerStatus(
                            ContainerState.RUNNING,
                            s.createdAtNanos(),
                            Times.nanos(parts.clock()),
                            0,
                            0,
                            "",
                            "",
                            task.pid())));
                    return true;
                }
                return false;
            }
            case CREATED -> {
                copiers.start(c);
                return false;
            }
            default -> {
                lost(c, "its task is in an unknown state");
                return true;
            }
        }
    }

    private boolean rebooted(Container c) {
        if (!Files.isDirectory(dirs.bundle(c.id()))) {
            return true;
        }
        Optional<String> podBoot;
        try {
            podBoot = Optional.of(parts.pods().get(c.sandboxId()).bootId()).filter(b -> !b.isEmpty());
        } catch (CortadoException e) {
            podBoot = Optional.empty();
        }
        return podBoot.isPresent() && !podBoot.get().equals(parts.bootId().get());
    }

    private void lost(Container c, String why) {
        LOG.warn("container {} is EXITED after restart: {}", c.id(), why);
        exits.markExited(c, ContainerExits.UNKNOWN_EXIT_CODE, Times.nanos(parts.clock()), ContainerExits.UNKNOWN, why);
    }
}

package dev.cortado.cgroups.control;

import dev.cortado.cgroups.CgroupException;
import dev.cortado.cgroups.CgroupException.Reason;
import dev.cortado.cgroups.CgroupFs;
import dev.cortado.cgroups.stats.CgroupEvents;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Freezes and thaws with {@code cgroup.freeze}; the write only starts the transition, so this
 * waits until {@code cgroup.events} reports {@code frozen} in the wanted state, as containerd does.
 */
final class Freezer {
    private final CgroupFs fs;
    private final Waiter waiter;

    Freezer(CgroupFs fs, Ticker ticker) {
        this.fs = fs;
        this.waiter = new Waiter(ticker);
    }

    void set(Path dir, boolean frozen, Duration timeout) {
        Path freeze = dir.resolve("cgroup.freeze");
        if (!fs.exists(freeze)) {
            throw new CgroupException(
                    Reason.UNSUPPORTED,
                    "cannot " + (frozen ? "freeze " : "thaw ") + dir
                            + ": no cgroup.freeze (the cgroup v2 freezer needs Linux 5.2)");
        }
        Files2.write(fs, freeze, frozen ? "1" : "0");
        Path events = dir.resolve("cgroup.events");
        boolean ok =
                waiter.await(() -> CgroupEvents.parse(Files2.read(fs, events)).frozen() == frozen, timeout);
        if (!ok) {
            throw new CgroupException(
                    Reason.TIMEOUT,
                    (frozen ? "freezing " : "thawing ") + dir + " did not complete within " + timeout
                            + " (cgroup.events frozen is still " + (frozen ? "0" : "1") + ")");
        }
    }

    boolean isFrozen(Path dir) {
        return CgroupEvents.parse(Files2.read(fs, dir.resolve("cgroup.events"))).frozen();
    }
}

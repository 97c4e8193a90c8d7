package dev.cortado.cgroups.control;

import dev.cortado.cgroups.CgroupException;
import dev.cortado.cgroups.CgroupException.Reason;
import dev.cortado.cgroups.CgroupFs;
import dev.cortado.cgroups.stats.CgroupEvents;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Kills every process of a cgroup subtree: one write to {@code cgroup.kill} (Linux 5.14+), which
 * also catches processes forking meanwhile; without it, SIGKILL every listed pid in a loop until
 * the subtree is empty. Either way it waits for {@code populated 0}.
 */
final class Killer {
    private final CgroupFs fs;
    private final Processes processes;
    private final Signaller signaller;
    private final Waiter waiter;

    Killer(CgroupFs fs, Signaller signaller, Ticker ticker) {
        this.fs = fs;
        this.processes = new Processes(fs);
        this.signaller = signaller;
        this.waiter = new Waiter(ticker);
    }

    void killAll(Path dir, Duration timeout) {
        Path kill = dir.resolve("cgroup.kill");
        boolean ok;
        if (fs.exists(kill)) {
            Files2.write(fs, kill, "1");
            ok = waiter.await(() -> isEmpty(dir), timeout);
        } else {
            ok = waiter.await(() -> signalRemaining(dir), timeout);
        }
        if (!ok) {
            List<Long> left = processes.listRecursive(dir);
            throw new CgroupException(
                    Reason.TIMEOUT, "processes of " + dir + " still alive after kill within " + timeout + ": " + left);
        }
    }

    private boolean signalRemaining(Path dir) {
        List<Long> pids = processes.listRecursive(dir);
        pids.forEach(signaller::kill);
        return pids.isEmpty() && isEmpty(dir);
    }

    private boolean isEmpty(Path dir) {
        String events = Files2.readIfExists(fs, dir.resolve("cgroup.events"));
        if (events == null) {
            return !fs.exists(dir) || processes.listRecursive(dir).isEmpty();
        }
        return !CgroupEvents.parse(events).populated();
    }
}

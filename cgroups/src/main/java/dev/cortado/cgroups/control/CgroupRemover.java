package dev.cortado.cgroups.control;

import dev.cortado.cgroups.CgroupException;
import dev.cortado.cgroups.CgroupException.Reason;
import dev.cortado.cgroups.CgroupFs;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Deletes a cgroup and its descendants, children first, retrying rmdir while {@code cgroup.procs}
 * drains (exiting processes keep a cgroup busy for a moment after SIGKILL). A cgroup that is
 * already gone counts as deleted, so delete is idempotent.
 */
final class CgroupRemover {
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(5);
    private static final Duration MAX_BACKOFF = Duration.ofMillis(100);

    private final CgroupFs fs;
    private final Ticker ticker;

    CgroupRemover(CgroupFs fs, Ticker ticker) {
        this.fs = fs;
        this.ticker = ticker;
    }

    void delete(Path dir, Duration timeout) {
        long deadline = ticker.nanoTime() + timeout.toNanos();
        deleteTree(dir, deadline, timeout);
    }

    private void deleteTree(Path dir, long deadline, Duration timeout) {
        if (!fs.exists(dir)) {
            return;
        }
        List<Path> children;
        try {
            children = fs.childDirs(dir);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw new CgroupException(Reason.IO, "cannot list " + dir + ": " + e.getMessage(), e);
        }
        for (Path child : children) {
            deleteTree(child, deadline, timeout);
        }
        Duration backoff = FIRST_BACKOFF;
        while (true) {
            try {
                fs.rmdir(dir);
                return;
            } catch (NoSuchFileException e) {
                return;
            } catch (IOException e) {
                if (ticker.nanoTime() >= deadline) {
                    String procs = Files2.readIfExists(fs, dir.resolve("cgroup.procs"));
                    throw new CgroupException(
                            procs != null && !procs.isBlank() ? Reason.FAILED_PRECONDITION : Reason.TIMEOUT,
                            "cannot delete cgroup " + dir + " within " + timeout + ": " + e.getMessage()
                                    + (procs != null && !procs.isBlank()
                                            ? "; processes still in it: "
                                                    + procs.trim().replace('\n', ' ')
                                            : ""),
                            e);
                }
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    private void sleep(Duration d) {
        try {
            ticker.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CgroupException(Reason.TIMEOUT, "interrupted while deleting a cgroup", e);
        }
    }
}

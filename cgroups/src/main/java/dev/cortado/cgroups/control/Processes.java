package dev.cortado.cgroups.control;

import dev.cortado.cgroups.CgroupException;
import dev.cortado.cgroups.CgroupException.Reason;
import dev.cortado.cgroups.CgroupFs;
import dev.cortado.cgroups.Controllers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Moves processes into a cgroup and lists them, recursively if asked. */
final class Processes {
    private final CgroupFs fs;

    Processes(CgroupFs fs) {
        this.fs = fs;
    }

    /**
     * Moves the process into the cgroup; refuses a cgroup that delegates controllers to children,
     * because the kernel's no-internal-process rule would reject it with a bare EBUSY.
     */
    void add(Path dir, boolean isRoot, long pid) {
        if (pid <= 0) {
            throw new CgroupException(Reason.INVALID_ARGUMENT, "pid must be positive, got " + pid);
        }
        String subtree = Files2.readIfExists(fs, dir.resolve("cgroup.subtree_control"));
        if (!isRoot && subtree != null && !Controllers.parse(subtree).isEmpty()) {
            throw new CgroupException(
                    Reason.FAILED_PRECONDITION,
                    "cannot add process " + pid + " to " + dir + ": it delegates controllers (" + subtree.trim()
                            + ") to children (no-internal-process rule)");
        }
        Files2.write(fs, dir.resolve("cgroup.procs"), Long.toString(pid));
    }

    /** Returns the pids directly in the cgroup. */
    List<Long> list(Path dir) {
        String content = Files2.read(fs, dir.resolve("cgroup.procs"));
        List<Long> out = new ArrayList<>();
        for (String line : content.split("\n")) {
            if (!line.isBlank()) {
                out.add(Long.parseLong(line.trim()));
            }
        }
        return List.copyOf(out);
    }

    /** Returns the pids in the cgroup and every descendant; cgroups vanishing meanwhile are skipped. */
    List<Long> listRecursive(Path dir) {
        List<Long> out = new ArrayList<>();
        collect(dir, out);
        return List.copyOf(out);
    }

    private void collect(Path dir, List<Long> out) {
        if (!fs.exists(dir)) {
            return;
        }
        try {
            out.addAll(list(dir));
            for (Path child : fs.childDirs(dir)) {
                collect(child, out);
            }
        } catch (CgroupException e) {
            if (e.reason() != Reason.NOT_FOUND) {
                throw e;
            }
        } catch (IOException e) {
            if (fs.exists(dir)) {
                throw new CgroupException(Reason.IO, "cannot list " + dir + ": " + e.getMessage(), e);
            }
        }
    }
}

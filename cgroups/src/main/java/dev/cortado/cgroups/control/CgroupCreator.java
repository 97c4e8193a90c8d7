package dev.cortado.cgroups.control;

import dev.cortado.cgroups.CgroupException;
import dev.cortado.cgroups.CgroupException.Reason;
import dev.cortado.cgroups.CgroupFs;
import dev.cortado.cgroups.CgroupPath;
import dev.cortado.cgroups.Controllers;
import dev.cortado.cgroups.Hierarchy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/**
 * Creates a cgroup and its missing parents, enabling the needed controllers in each ancestor's
 * {@code cgroup.subtree_control} on the way down (a controller is only usable in a child when every
 * ancestor delegates it).
 */
final class CgroupCreator {
    private final CgroupFs fs;
    private final Hierarchy hierarchy;

    CgroupCreator(CgroupFs fs, Hierarchy hierarchy) {
        this.fs = fs;
        this.hierarchy = hierarchy;
    }

    /** Creates the path (idempotent) with the controllers enabled for it; returns its directory. */
    Path create(CgroupPath path, Set<String> controllers) {
        for (String c : new TreeSet<>(controllers)) {
            hierarchy.requireController(c, "creating " + path);
        }
        Path dir = hierarchy.root();
        CgroupPath current = CgroupPath.ROOT;
        for (String seg : path.segments()) {
            enable(dir, current, controllers);
            current = current.child(seg);
            dir = CgroupDirs.resolve(fs, hierarchy.root(), current);
            try {
                fs.mkdir(dir);
            } catch (IOException e) {
                throw new CgroupException(
                        Reason.IO, "cannot create cgroup " + current + " at " + dir + ": " + e.getMessage(), e);
            }
        }
        return dir;
    }

    private void enable(Path dir, CgroupPath path, Set<String> controllers) {
        if (controllers.isEmpty()) {
            return;
        }
        Path file = dir.resolve("cgroup.subtree_control");
        Set<String> enabled = Controllers.parse(Files2.read(fs, file));
        for (String c : new TreeSet<>(controllers)) {
            if (enabled.contains(c)) {
                continue;
            }
            try {
                fs.write(file, "+" + c);
            } catch (IOException e) {
                // The no-internal-process rule: a non-root cgroup with processes cannot delegate domain
                // controllers to children (EBUSY); name it instead of a bare "resource busy".
                String procs = Files2.readIfExists(fs, dir.resolve("cgroup.procs"));
                if (!path.isRoot() && procs != null && !procs.isBlank()) {
                    throw new CgroupException(
                            Reason.FAILED_PRECONDITION,
                            "cannot enable " + c + " for the children of " + path
                                    + ": it has processes of its own (no-internal-process rule)",
                            e);
                }
                throw new CgroupException(Reason.IO, "cannot enable " + c + " in " + file + ": " + e.getMessage(), e);
            }
        }
    }
}

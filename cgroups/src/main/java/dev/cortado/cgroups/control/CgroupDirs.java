package dev.cortado.cgroups.control;

import dev.cortado.cgroups.CgroupException;
import dev.cortado.cgroups.CgroupException.Reason;
import dev.cortado.cgroups.CgroupFs;
import dev.cortado.cgroups.CgroupPath;
import java.nio.file.Path;

/** Resolves cgroup paths to directories under a root without leaving it, even through symlinks. */
final class CgroupDirs {
    private CgroupDirs() {}

    /**
     * Returns the directory of the path under root; fails with INVALID_ARGUMENT when any existing
     * component is a symlink (cgroupfs has none, so one is an attempt to escape the root).
     */
    static Path resolve(CgroupFs fs, Path root, CgroupPath path) {
        Path dir = root;
        for (String seg : path.segments()) {
            dir = dir.resolve(seg);
            if (fs.isSymlink(dir)) {
                throw new CgroupException(
                        Reason.INVALID_ARGUMENT,
                        "cgroup path " + path + " goes through the symlink " + dir + " and could leave " + root);
            }
        }
        if (!dir.normalize().startsWith(root.normalize())) {
            throw new CgroupException(Reason.INVALID_ARGUMENT, "cgroup path " + path + " leaves " + root);
        }
        return dir;
    }
}

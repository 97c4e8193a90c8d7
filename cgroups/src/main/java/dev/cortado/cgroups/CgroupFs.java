package dev.cortado.cgroups;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Every read and write of cgroupfs goes through this interface, so tests can record writes and
 * inject failures; {@link RealCgroupFs} is the one implementation on a kernel.
 */
public interface CgroupFs {

    /** Reads a whole file (cgroupfs files are small and read in one go). */
    String read(Path file) throws IOException;

    /**
     * Writes a value to an existing file with one write call, as the kernel parses each write
     * separately; never creates the file.
     */
    void write(Path file, String value) throws IOException;

    /** Returns whether the path exists (file or directory). */
    boolean exists(Path path);

    /** Returns whether the path is a symbolic link (cgroupfs has none, so one means an escape attempt). */
    boolean isSymlink(Path path);

    /** Creates one directory (its parent must exist); returns false if it already existed. */
    boolean mkdir(Path dir) throws IOException;

    /** Removes one empty cgroup directory (cgroupfs allows rmdir with the control files in it). */
    void rmdir(Path dir) throws IOException;

    /** Lists the child directories (child cgroups) of a cgroup directory. */
    List<Path> childDirs(Path dir) throws IOException;
}

package dev.cortado.cgroups.control;

import dev.cortado.cgroups.CgroupException;
import dev.cortado.cgroups.CgroupException.Reason;
import dev.cortado.cgroups.CgroupFs;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads and writes through {@link CgroupFs} that turn IOExceptions into CgroupExceptions naming the file. */
final class Files2 {
    private Files2() {}

    static String read(CgroupFs fs, Path file) {
        try {
            return fs.read(file);
        } catch (NoSuchFileException e) {
            throw new CgroupException(Reason.NOT_FOUND, "cannot read " + file + ": no such file", e);
        } catch (IOException e) {
            throw new CgroupException(Reason.IO, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a file, or returns null when it does not exist (a controller that is not enabled). */
    static String readIfExists(CgroupFs fs, Path file) {
        if (!fs.exists(file)) {
            return null;
        }
        try {
            return fs.read(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new CgroupException(Reason.IO, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static void write(CgroupFs fs, Path file, String value) {
        try {
            fs.write(file, value);
        } catch (NoSuchFileException e) {
            throw new CgroupException(Reason.NOT_FOUND, "cannot write " + file + ": no such file", e);
        } catch (IOException e) {
            throw new CgroupException(
                    Reason.IO, "cannot write \"" + value + "\" to " + file + ": " + e.getMessage(), e);
        }
    }
}

package dev.cortado.shim.linux;

import com.sun.jna.LastErrorException;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Sealed in-memory copies of executables, so that a process running one cannot be used to
 * rewrite the file it came from (CVE-2019-5736; runc's cloned_binary / exeseal does the same).
 */
final class SealedFiles {
    private static final int MFD_CLOEXEC = 1;
    private static final int MFD_ALLOW_SEALING = 2;
    private static final int F_ADD_SEALS = 1033;
    /** F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE: nothing can change it again. */
    static final int ALL_SEALS = 0x1 | 0x2 | 0x4 | 0x8;

    private final Libc libc;
    private final LibcSyscalls sys;

    SealedFiles(Libc libc, LibcSyscalls sys) {
        this.libc = libc;
        this.sys = sys;
    }

    int sealedCopy(Path file) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CortadoException(ErrorKind.FAILED_PRECONDITION, "read " + file + " for its sealed copy", e);
        }
        int fd;
        try {
            fd = libc.memfd_create(file.getFileName().toString(), MFD_CLOEXEC | MFD_ALLOW_SEALING);
        } catch (LastErrorException e) {
            throw LibcSyscalls.failed("memfd_create for " + file, e.getErrorCode());
        }
        try {
            sys.write(fd, content);
            libc.fcntl(fd, F_ADD_SEALS, ALL_SEALS);
            return fd;
        } catch (LastErrorException e) {
            sys.close(fd);
            throw LibcSyscalls.failed("seal the copy of " + file, e.getErrorCode());
        } catch (RuntimeException e) {
            sys.close(fd);
            throw e;
        }
    }
}

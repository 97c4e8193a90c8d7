package dev.cortado.shim.bootstrap;

import dev.cortado.shim.io.FifoWriters;
import dev.cortado.shim.linux.LinuxSyscalls;

/** The io package's {@link FifoWriters} port on {@link LinuxSyscalls}. */
public final class SyscallFifoWriters implements FifoWriters {
    private final LinuxSyscalls sys;

    public SyscallFifoWriters(LinuxSyscalls sys) {
        this.sys = sys;
    }

    @Override
    public void make(String path) throws java.io.IOException {
        try {
            sys.mkfifo(path, 0600);
        } catch (dev.cortado.errors.CortadoException e) {
            throw new java.io.IOException(e.getMessage(), e);
        }
    }

    @Override
    public int openWriter(String path) {
        return sys.openFifoWriter(path);
    }

    @Override
    public int write(int fd, byte[] data, int off, int len) {
        return sys.writeNonBlocking(fd, data, off, len);
    }

    @Override
    public void close(int fd) {
        sys.close(fd);
    }
}

package dev.cortado.shim.io;

/**
 * The kernel calls an attach fifo needs, as a port: this package does not use {@code linux}
 * itself (see the module README); {@code bootstrap} plugs in {@code LinuxSyscalls}.
 */
public interface FifoWriters {
    /** Makes a fifo at {@code path}, mode 0600 (mkfifo(3)); an existing file there is EEXIST, an IOException. */
    void make(String path) throws java.io.IOException;

    /** Opens a fifo for writing without waiting, non-blocking; -1 when no reader has it open (ENXIO). */
    int openWriter(String path);

    /**
     * Writes at most {@code len} bytes at {@code off} without waiting: returns how many went, 0
     * when the pipe is full (EAGAIN), or -1 when the reader has gone (EPIPE).
     */
    int write(int fd, byte[] data, int off, int len);

    /** Closes an fd that {@link #openWriter} returned. */
    void close(int fd);
}

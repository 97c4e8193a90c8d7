package dev.cortado.cri.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import dev.cortado.cri.logs.Fifos;
import java.io.IOException;
import java.nio.file.Path;

/**
 * {@link Fifos} through glibc: {@code open(O_RDONLY|O_NONBLOCK)} returns at once whether or not
 * a writer is there (a blocking open would wait for the shim), and {@link NativeFifoStream}
 * waits in {@code poll(2)} next to an {@code eventfd(2)} that {@code wake()} signals. A write end
 * is {@code open(O_RDWR|O_NONBLOCK)}: never waits for a reader, never EPIPE ({@link NativeFifoSink}).
 */
public final class NativeFifos implements Fifos {
    private final FifoLibc libc;

    /** Binds glibc. */
    public NativeFifos() {
        this(Native.load("c", FifoLibc.class));
    }

    NativeFifos(FifoLibc libc) {
        this.libc = libc;
    }

    @Override
    public FifoStream openForReading(Path fifo) throws IOException {
        int fd;
        try {
            fd = libc.open(fifo.toString(), FifoLibc.O_RDONLY | FifoLibc.O_NONBLOCK | FifoLibc.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw NativeFifoStream.failure("open", fifo, e);
        }
        int wakeFd;
        try {
            wakeFd = libc.eventfd(0, FifoLibc.EFD_NONBLOCK | FifoLibc.EFD_CLOEXEC);
        } catch (LastErrorException e) {
            libc.close(fd);
            throw NativeFifoStream.failure("eventfd", fifo, e);
        }
        return new NativeFifoStream(libc, fifo, fd, wakeFd);
    }

    @Override
    public FifoSink openForWriting(Path fifo) throws IOException {
        try {
            return new NativeFifoSink(
                    libc, fifo, libc.open(fifo.toString(), FifoLibc.O_RDWR | FifoLibc.O_NONBLOCK | FifoLibc.O_CLOEXEC));
        } catch (LastErrorException e) {
            throw NativeFifoStream.failure("open", fifo, e);
        }
    }
}

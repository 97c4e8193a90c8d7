package dev.cortado.cri.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import dev.cortado.cri.runtime.FifoMaker;
import java.io.IOException;
import java.nio.file.Path;

/** {@link FifoMaker} through glibc's {@code mkfifo(3)}: mode 0600, the container's stdio stays private. */
public final class NativeFifoMaker implements FifoMaker {
    private final Fifos libc;

    /** The one glibc function this needs. */
    interface Fifos extends Library {
        int mkfifo(String path, int mode) throws LastErrorException;
    }

    /** Binds glibc. */
    public NativeFifoMaker() {
        this.libc = Native.load("c", Fifos.class);
    }

    @Override
    public void mkfifo(Path path) throws IOException {
        try {
            libc.mkfifo(path.toString(), 0600);
        } catch (LastErrorException e) {
            throw new IOException("mkfifo " + path + " failed: errno " + e.getErrorCode() + " " + e.getMessage(), e);
        }
    }
}

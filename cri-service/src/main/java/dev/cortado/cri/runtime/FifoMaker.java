package dev.cortado.cri.runtime;

import java.io.IOException;
import java.nio.file.Path;

/** Makes a fifo ({@code mkfifo(3)}); production passes {@code cri.linux.NativeFsOps}. */
@FunctionalInterface
public interface FifoMaker {
    void mkfifo(Path path) throws IOException;
}

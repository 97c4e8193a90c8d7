package dev.cortado.shim.io;

import java.io.OutputStream;

/** Where a process's output goes when its stdio names a logging binary; closed at delete. */
public interface LogSink extends AutoCloseable {
    /** Takes the container's stdout. */
    OutputStream stdout();

    /** Takes the container's stderr. */
    OutputStream stderr();

    /** Ends the logger and removes what it left on disk. */
    @Override
    void close();
}

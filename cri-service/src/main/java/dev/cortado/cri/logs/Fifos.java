package dev.cortado.cri.logs;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Opens the read end of a fifo without blocking; the JNA side is
 * {@code dev.cortado.cri.linux.NativeFifos}. A stream tells "no writer yet" from EOF, so a reader
 * opened before the shim, or after a cortado restart, never stops early.
 */
public interface Fifos {
    /** Opens {@code fifo} for reading; never waits for a writer. */
    FifoStream openForReading(Path fifo) throws IOException;

    /**
     * Opens {@code fifo} for writing; never waits for a reader. It is opened read-write, as
     * containerd's CRI holds a container's stdin: no EPIPE while the shim's reader is not there
     * yet (or gone), the bytes wait in the pipe.
     */
    FifoSink openForWriting(Path fifo) throws IOException;

    /** The write end of one fifo; writers may be several threads, {@link #close} any thread. */
    interface FifoSink extends AutoCloseable {
        /**
         * Writes all {@code len} bytes, waiting while the pipe is full: throws
         * {@link java.io.InterruptedIOException} when the calling thread is interrupted meanwhile
         * (the bytes not yet written are lost), {@link IOException} once closed.
         */
        void write(byte[] buf, int off, int len) throws IOException;

        /** Whether {@link #close} was called. */
        boolean isClosed();

        /** Closes the fifo, so its reader sees EOF once no other writer is left. Idempotent. */
        @Override
        void close();
    }

    /** The read end of one fifo, read by one thread; {@link #wake} may come from any thread. */
    interface FifoStream extends AutoCloseable {
        /** What {@link #read} returns at EOF: a writer was there and every writer is gone, pipe empty. */
        int EOF = -1;
        /** What {@link #read} returns once {@link #wake} was called. */
        int WOKEN = 0;

        /**
         * Waits for data and reads up to {@code buf.length} bytes: the count, {@link #EOF}, or
         * {@link #WOKEN} (every call after {@link #wake}, even when data is waiting).
         */
        int read(byte[] buf) throws IOException;

        /** Makes a waiting {@link #read} return {@link #WOKEN} now, and every later one too. */
        void wake();

        /**
         * Says every writer is gone for good (the task exited): an empty pipe without writer is
         * EOF from now on, once what is left has been read. Wakes a waiting {@link #read}.
         */
        void writersGone();

        /** Closes the fifo; after the reading thread is done with it. */
        @Override
        void close();
    }
}

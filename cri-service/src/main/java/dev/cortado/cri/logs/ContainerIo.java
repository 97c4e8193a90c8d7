package dev.cortado.cri.logs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The cortado side of container stdio: fifos the shim writes (both handlers get fifos, as
 * containerd's CRI plugin gives them) read into the CRI log file or into memory. Opening a fifo
 * never blocks and a fifo whose writer has not come yet is not mistaken for EOF, so a copier
 * started before the shim's Create, or after a restart when the writer may be gone, behaves.
 */
public interface ContainerIo {
    /**
     * Starts copying a container's output into {@code logFile} in the CRI format
     * ({@code <RFC3339Nano> <stdout|stderr> <P|F> <msg>}, lines over 16 KiB split into P chunks;
     * created 0640 and appended to). {@code stderrFifo} is empty for a TTY container, whose
     * output is all stdout. An empty {@code logFile} path (pod without log directory) drains
     * the fifos without writing. The container never blocks for longer than the writer needs to
     * take a bounded buffer to disk.
     */
    LogCopier copyToLog(String containerId, Path stdoutFifo, Optional<Path> stderrFifo, Optional<Path> logFile);

    /**
     * Reads a fifo to EOF into memory, keeping the first {@code maxBytes} and counting the rest
     * as truncated (it is still read, so the writer never blocks).
     */
    CompletableFuture<Captured> capture(Path fifo, int maxBytes);

    /**
     * Opens the write end of the stdin fifo of a container created with {@code stdin}, held from
     * its creation until its end as containerd's CRI holds it, so the container sees EOF only
     * when cortado closes it ({@code stdin_once}) and not each time an attacher leaves. Never
     * waits for the shim.
     */
    Fifos.FifoSink openStdin(String containerId, Path stdinFifo);

    /** What {@link #capture} read. */
    record Captured(byte[] data, boolean truncated) {
        public Captured {
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }
    }

    /** One container's running log copy. */
    interface LogCopier extends AutoCloseable {
        /** Closes and reopens the log file at the same path (ReopenContainerLog); no line lost or doubled. */
        void reopen();

        /**
         * Says the task has exited, so the shim has closed the fifos' write ends for good: each
         * stream reads what is left in its pipe and then ends, and {@link #awaitDrained} turns
         * true. Needed after a cortado restart for a container that exited meanwhile: a fifo
         * whose writer left before this copier opened it, with nothing left in it, looks exactly
         * like one whose writer has not come yet. Harmless when the streams already ended.
         */
        default void taskExited() {}

        /** The container's stdout (all of a TTY's output) for attachers, live from now on. */
        OutputFanout stdout();

        /** The container's stderr for attachers; empty for a TTY container. */
        Optional<OutputFanout> stderr();

        /** Waits until every fifo reached EOF and all was written; false when {@code timeout} passed first. */
        boolean awaitDrained(Duration timeout);

        /** Stops copying (what was read is written first) and closes the fifos and the file. */
        @Override
        void close();
    }
}

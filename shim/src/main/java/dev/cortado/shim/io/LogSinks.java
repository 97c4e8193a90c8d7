package dev.cortado.shim.io;

import dev.cortado.shim.loop.IoLoop;
import java.nio.file.Path;

/**
 * Starts the logger a process's {@code binary://} or {@code attachablebinary://} stdio URI names,
 * one per process as containerd's runc shim does.
 */
public final class LogSinks {
    /** containerd's fifo directory; attachable output goes to fifos in its {@code attach} subdirectory. */
    public static final Path CONTAINERD_FIFO_DIR = Path.of("/run/containerd/fifo");

    private final FifoWriters fifos;
    private final Path attachDir;
    private final IoLoop loop;

    /** Logs whose attachable fifos are made in {@code fifoDir}/attach; stdio is copied on threads. */
    public LogSinks(FifoWriters fifos, Path fifoDir) {
        this(fifos, fifoDir, null);
    }

    /** As {@link #LogSinks(FifoWriters, Path)}, with stdio copied on {@code loop} where it can be (null: threads). */
    public LogSinks(FifoWriters fifos, Path fifoDir, IoLoop loop) {
        this.fifos = fifos;
        this.attachDir = fifoDir.resolve("attach");
        this.loop = loop;
    }

    /** The event loop that copies stdio and waits for exits, if the server has one. */
    public java.util.Optional<IoLoop> loop() {
        return java.util.Optional.ofNullable(loop);
    }

    /**
     * Starts the logging binary of {@code uri} for process {@code id} of {@code namespace} and
     * returns once it is ready; {@code stateDir} holds a transient fifo.
     */
    public LogSink open(String uri, String id, String namespace, Path stateDir) {
        LogUri log = LogUri.parse(uri);
        if (StdioScheme.of(uri) == StdioScheme.ATTACHABLE_BINARY) {
            return AttachableLog.start(log, id, namespace, stateDir, fifos, attachDir);
        }
        return LogBinaryLauncher.start(log, id, namespace, stateDir, fifos);
    }
}

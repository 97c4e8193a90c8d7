package dev.cortado.shim.io;

import dev.cortado.errors.CortadoException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * An {@code attachablebinary://} logger: the logging binary, started exactly as for {@code
 * binary://}, gets every byte, and the output is also teed to the fifos {@code
 * <attach dir>/<id>-stdout} and {@code <id>-stderr} (mode 0700) that clients attach to for live
 * output. The fifos are removed on close, at delete.
 */
final class AttachableLog implements LogSink {
    private static final String FIFO_PERMISSIONS = "rwx------";

    private final LogBinary binary;
    private final AttachFifo stdout;
    private final AttachFifo stderr;
    private final Path stdoutPath;
    private final Path stderrPath;

    private AttachableLog(LogBinary binary, FifoWriters fifos, Path stdoutPath, Path stderrPath) {
        this.binary = binary;
        this.stdoutPath = stdoutPath;
        this.stderrPath = stderrPath;
        this.stdout = new AttachFifo(fifos, stdoutPath);
        this.stderr = new AttachFifo(fifos, stderrPath);
    }

    /** Makes the attach fifos, then starts the logging binary and waits until it is ready. */
    static AttachableLog start(
            LogUri uri, String id, String namespace, Path stateDir, FifoWriters fifos, Path attachDir) {
        if (id.isEmpty() || id.contains("/") || id.equals(".") || id.equals("..")) {
            throw CortadoException.invalidArgument("process id %s cannot name an attach fifo", id);
        }
        Path out = attachDir.resolve(id + "-stdout");
        Path err = attachDir.resolve(id + "-stderr");
        try {
            Fifos.make(fifos, out, FIFO_PERMISSIONS);
            Fifos.make(fifos, err, FIFO_PERMISSIONS);
        } catch (IOException e) {
            removeAll(out, err);
            throw CortadoException.failedPrecondition("make attach fifos for %s: %s", id, e.getMessage());
        }
        try {
            return new AttachableLog(LogBinaryLauncher.start(uri, id, namespace, stateDir, fifos), fifos, out, err);
        } catch (RuntimeException e) {
            removeAll(out, err);
            throw e;
        }
    }

    @Override
    public OutputStream stdout() {
        return new AttachableOutput(binary.stdout(), stdout);
    }

    @Override
    public OutputStream stderr() {
        return new AttachableOutput(binary.stderr(), stderr);
    }

    /** Closes the attach fifos (readers see end of file), ends the logging binary and removes the fifos. */
    @Override
    public void close() {
        stdout.close();
        stderr.close();
        binary.close();
        removeAll(stdoutPath, stderrPath);
    }

    private static void removeAll(Path... fifos) {
        for (Path fifo : fifos) {
            Fifos.deleteQuietly(fifo);
        }
    }
}

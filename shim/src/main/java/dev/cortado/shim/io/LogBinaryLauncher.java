package dev.cortado.shim.io;

import dev.cortado.errors.CortadoException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a logging binary as containerd's {@code NewBinaryIO} does: the URI's query as arguments,
 * only CONTAINER_ID and CONTAINER_NAMESPACE in its environment, stdout on fd 3, stderr on fd 4,
 * and a ready pipe on fd 5 that it writes to or closes once it is ready.
 */
final class LogBinaryLauncher {
    // sh places the pipes: its stdin (ours to write) on 3, the fifo on 4, its stdout (ready) on 5
    private static final String WIRING = "f=$1; shift; exec \"$@\" 3<&0 4<\"$f\" 5>&1 </dev/null >/dev/null";

    private LogBinaryLauncher() {}

    /**
     * Starts the binary of {@code uri} and waits until it is ready; {@code fifoDir} holds the
     * transient fifo its stderr pipe is made from. Fails with FAILED_PRECONDITION.
     */
    static LogBinary start(LogUri uri, String containerId, String namespace, Path fifoDir, FifoWriters fifos) {
        Path fifo = fifoDir.resolve("log-" + Long.toHexString(System.nanoTime()) + ".fifo");
        RandomAccessFile stderr = null;
        Process process = null;
        try {
            if (!Files.isExecutable(uri.binary())) {
                throw new IOException("not an executable file");
            }
            Fifos.make(fifos, fifo, "rw-------");
            // O_RDWR never blocks on a fifo; the binary sees EOF once we close it
            stderr = new RandomAccessFile(fifo.toFile(), "rw");
            List<String> cmd = new ArrayList<>(List.of(
                    "/bin/sh", "-c", WIRING, "sh", fifo.toString(), uri.binary().toString()));
            cmd.addAll(uri.args());
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
            pb.environment().clear();
            pb.environment().put("CONTAINER_ID", containerId);
            pb.environment().put("CONTAINER_NAMESPACE", namespace);
            process = pb.start();
            try (InputStream ready = process.getInputStream()) {
                ready.read();
            }
            if (!process.isAlive() && process.exitValue() != 0) {
                throw new IOException("exited with " + process.exitValue() + " before it was ready");
            }
            // shares the RandomAccessFile's fd: closing the stream closes it
            return new LogBinary(process, process.getOutputStream(), new FileOutputStream(stderr.getFD()));
        } catch (IOException e) {
            closeQuietly(stderr);
            if (process != null) {
                process.destroyForcibly();
            }
            throw CortadoException.failedPrecondition("start logging binary %s: %s", uri.uri(), e.getMessage());
        } finally {
            Fifos.deleteQuietly(fifo);
        }
    }

    private static void closeQuietly(RandomAccessFile file) {
        try {
            if (file != null) {
                file.close();
            }
        } catch (IOException e) {
            // already closed
        }
    }
}

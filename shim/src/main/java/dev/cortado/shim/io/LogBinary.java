package dev.cortado.shim.io;

import dev.cortado.errors.CortadoException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A containerd logging binary ({@code binary:///path?key=value}), run as containerd's
 * {@code NewBinaryIO} runs it: the query as arguments (key, then value), only CONTAINER_ID and
 * CONTAINER_NAMESPACE in its environment, the container's stdout on fd 3, stderr on fd 4, and a
 * ready pipe on fd 5 that it writes to or closes once it is ready.
 */
public final class LogBinary implements AutoCloseable {
    /** How long a binary has to exit after SIGTERM before it is killed (containerd: 12 s). */
    static final long TERM_GRACE_SECONDS = 12;
    // sh places the pipes: its stdin (ours to write) on 3, the fifo on 4, its stdout (ready) on 5
    private static final String WIRING = "f=$1; shift; exec \"$@\" 3<&0 4<\"$f\" 5>&1 </dev/null >/dev/null";

    private final Process process;
    private final OutputStream stdout;
    private final RandomAccessFile stderr;

    private LogBinary(Process process, OutputStream stdout, RandomAccessFile stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Whether a stdio path names a logging binary. */
    public static boolean isBinary(String path) {
        return path.startsWith("binary://");
    }

    /** Starts the binary of {@code uri} and waits until it is ready; {@code fifoDir} holds a transient fifo. */
    public static LogBinary start(String uri, String containerId, String namespace, Path fifoDir) {
        URI parsed = URI.create(uri);
        Path fifo = fifoDir.resolve("log-" + Long.toHexString(System.nanoTime()) + ".fifo");
        RandomAccessFile stderr = null;
        Process process = null;
        try {
            if (!Files.isExecutable(Path.of(parsed.getPath()))) {
                throw new IOException("not an executable file");
            }
            Files.createDirectories(fifoDir);
            mkfifo(fifo);
            // O_RDWR never blocks on a fifo; the binary sees EOF once we close it
            stderr = new RandomAccessFile(fifo.toFile(), "rw");
            List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", WIRING, "sh", fifo.toString(), parsed.getPath()));
            cmd.addAll(queryArgs(parsed.getRawQuery()));
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
            return new LogBinary(process, process.getOutputStream(), stderr);
        } catch (IOException e) {
            closeQuietly(stderr);
            if (process != null) {
                process.destroyForcibly();
            }
            throw CortadoException.failedPrecondition("start logging binary %s: %s", uri, e.getMessage());
        } finally {
            try {
                Files.deleteIfExists(fifo);
            } catch (IOException e) {
                // a leftover fifo in the state directory is harmless
            }
        }
    }

    /** Where the container's stdout goes (the binary's fd 3). */
    public OutputStream stdout() {
        return stdout;
    }

    /** Where the container's stderr goes (the binary's fd 4). */
    public OutputStream stderr() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                stderr.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                stderr.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                stderr.close();
            }
        };
    }

    /** The binary's pid. */
    public long pid() {
        return process.pid();
    }

    /** Closes its pipes, sends SIGTERM, and kills it if it has not exited within the grace period. */
    @Override
    public void close() {
        closeQuietly(stdout);
        closeQuietly(stderr);
        process.destroy();
        try {
            if (!process.waitFor(TERM_GRACE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static List<String> queryArgs(String rawQuery) {
        List<String> args = new ArrayList<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return args;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            args.add(decode(eq < 0 ? pair : pair.substring(0, eq)));
            if (eq >= 0) {
                args.add(decode(pair.substring(eq + 1)));
            }
        }
        return args;
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void mkfifo(Path fifo) throws IOException {
        try {
            Process p = new ProcessBuilder("mkfifo", "-m", "0600", fifo.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IOException("mkfifo " + fifo + ": " + out.trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted making " + fifo, e);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (Exception e) {
            // already closed
        }
    }
}

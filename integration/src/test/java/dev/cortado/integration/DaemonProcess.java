package dev.cortado.integration;

import dev.cortado.transport.UnixGrpc;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code cortado daemon} process started as the README starts it (the launcher
 * {@code cri-service/target/bin/cortado}, with the project's JVM options and class data sharing
 * archive) with a config in a temp dir; closing it sends SIGTERM and waits. Public for the
 * containers suite ({@code integration.containers}) and the benchmark.
 */
public final class DaemonProcess implements AutoCloseable {
    /** How the daemon's JVM is started. */
    public enum Jvm {
        /** The launcher script, as the README starts it: the options it holds. */
        LAUNCHER,
        /** {@code java -jar cortado.jar} with no options: the JVM's defaults, for the benchmark's comparison. */
        PLAIN
    }

    private final Process process;
    private final Path socket;
    private final Path log;

    private DaemonProcess(Process process, Path socket, Path log) {
        this.process = process;
        this.socket = socket;
        this.log = log;
    }

    public static DaemonProcess start(Path dir, String extraToml, Map<String, String> env) throws IOException {
        return start(Jvm.LAUNCHER, dir, extraToml, env);
    }

    /** Starts it through {@code jvm}; the launcher runs the JVM that runs the tests ({@code JAVA_HOME}). */
    public static DaemonProcess start(Jvm jvm, Path dir, String extraToml, Map<String, String> env) throws IOException {
        Path socket = dir.resolve("state/cortado.sock");
        Path config = Files.writeString(dir.resolve("cortado.toml"), """
                root = "%1$s/root"
                state = "%1$s/state"
                [grpc]
                address = "%2$s"
                """.formatted(dir, socket) + extraToml);
        Path log = dir.resolve("daemon.log");
        // a socket left by a killed daemon must not pass for the new one's (the daemon replaces it,
        // maybe under the same inode number): then wait for the daemon to say it listens
        boolean staleSocket = Files.exists(socket);
        List<String> command = jvm == Jvm.LAUNCHER
                ? List.of(Repo.cortadoLauncher().toString(), "daemon", "--config", config.toString())
                : List.of(
                        Repo.java().toString(),
                        "-jar",
                        Repo.cortadoJar().toString(),
                        "daemon",
                        "--config",
                        config.toString());
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(env);
        DaemonProcess daemon = new DaemonProcess(builder.start(), socket, log);
        daemon.awaitSocket(staleSocket);
        return daemon;
    }

    public Path socket() {
        return socket;
    }

    UnixGrpc.Channel connect() {
        return UnixGrpc.channel(socket);
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    /** Sends SIGTERM and returns the exit code. */
    public int stop() throws InterruptedException {
        process.destroy(); // SIGTERM
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("cortado did not exit within 30 s of SIGTERM");
        }
        return process.exitValue();
    }

    /** The daemon's pid (the JVM we started; the launcher execs it). */
    public long pid() {
        return process.pid();
    }

    /** {@code kill -9}: the daemon gets no chance to clean up. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    private void awaitSocket(boolean staleSocket) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(socket)
                || (staleSocket && !(Files.exists(log) && log().contains("CRI server listening")))) {
            if (!process.isAlive()) {
                throw new IllegalStateException("cortado exited with " + process.exitValue() + ":\n" + log());
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("cortado did not create " + socket + " within 60 s:\n" + log());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (process.isAlive()) {
                stop();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while closing " + this);
        }
    }
}

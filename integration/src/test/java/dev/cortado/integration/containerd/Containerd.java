package dev.cortado.integration.containerd;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real containerd with its own root, state and socket under a temp dir, whose PATH starts
 * with the directory of our shim script (that is how containerd finds
 * {@code containerd-shim-cortado-v2} for runtime {@code io.containerd.cortado.v2}) and which runs
 * the tests' criu ({@link dev.cortado.integration.Criu}), and {@code ctr} against it. Stopped by the pid we started; never by name.
 */
final class Containerd implements AutoCloseable {
    static final String RUNTIME = "io.containerd.cortado.v2";
    private final Path dir;
    private final Path shim;
    private Process process;

    /** What a ctr command printed and returned. */
    record Result(int code, String out) {}

    /** ctr's default cgroups path is /<namespace>/<id>: the shim makes the namespace's parent. */
    private static final Path NAMESPACE_CGROUP = Path.of("/sys/fs/cgroup/unified/test");

    private final boolean namespaceCgroupExisted = Files.isDirectory(NAMESPACE_CGROUP);

    Containerd(Path dir, Path shim) {
        this.dir = dir;
        this.shim = shim;
    }

    Path socket() {
        return dir.resolve("c.sock");
    }

    /** The shim server's state root (CORTADO_SHIM_ROOT, passed down through containerd's env). */
    Path shimRoot() {
        return dir.resolve("s");
    }

    void start() throws IOException, InterruptedException {
        start("""
                version = 2
                root = "%1$s/root"
                state = "%1$s/state"
                disabled_plugins = ["io.containerd.grpc.v1.cri"]
                [grpc]
                  address = "%1$s/c.sock"
                [debug]
                  level = "debug"
                """.formatted(dir));
    }

    /** Starts containerd with {@code config} (its TOML), whose grpc address must be {@link #socket()}. */
    void start(String configToml) throws IOException, InterruptedException {
        Path config = Files.writeString(dir.resolve("config.toml"), configToml);
        ProcessBuilder pb = new ProcessBuilder("containerd", "--config", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("containerd.log").toFile()));
        pb.environment()
                .putAll(dev.cortado.integration.Criu.environment(shim.getParent() + ":" + System.getenv("PATH")));
        pb.environment().put("CORTADO_SHIM_ROOT", shimRoot().toString());
        process = pb.start();
        for (int i = 0; i < 200 && ctr("version").code() != 0; i++) {
            Thread.sleep(50);
        }
    }

    /** The pid of the containerd we started. */
    long pid() {
        return process.pid();
    }

    /** SIGTERM to the containerd we started, and wait for it. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
        process = null;
    }

    Result ctr(String... args) throws IOException, InterruptedException {
        return ctrIn("test", args);
    }

    /** ctr in containerd namespace {@code namespace} (the CRI plugin's is k8s.io). */
    Result ctrIn(String namespace, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ctr", "-a", socket().toString(), "-n", namespace));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            return new Result(-1, "timed out: " + String.join(" ", cmd));
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** Starts {@code ctr events}, whose output is appended to {@code out}; the caller stops it. */
    Process events(Path out) throws IOException {
        return new ProcessBuilder("ctr", "-a", socket().toString(), "events")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
                .start();
    }

    /** Runs ctr with a terminal on its stdin and stdout, through util-linux {@code script}. */
    Result ctrInTerminal(String... args) throws IOException, InterruptedException {
        StringBuilder line = new StringBuilder("ctr -a " + quote(socket().toString()) + " -n test");
        for (String a : args) {
            line.append(' ').append(quote(a));
        }
        Process p = new ProcessBuilder("script", "-qec", line.toString(), "/dev/null")
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            return new Result(-1, "timed out: " + line);
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static String quote(String arg) {
        return "'" + arg.replace("'", "'\\''") + "'";
    }

    /** The pid of the running shim server, from the marker it writes when it serves. */
    long shimServerPid() throws IOException {
        return Long.parseLong(Files.readString(shimRoot().resolve("ready")).trim());
    }

    /** Runs {@code start} as containerd would, outside any bundle (re-adopts after a shim kill). */
    String startShim() throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(
                        shim.toString(), "-namespace", "test", "-address", socket().toString(), "-id", "none", "start")
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("CORTADO_SHIM_ROOT", shimRoot().toString());
        pb.environment().put("TTRPC_ADDRESS", socket() + ".ttrpc");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    String log() throws IOException {
        return Files.readString(dir.resolve("containerd.log"));
    }

    @Override
    public void close() throws IOException {
        try {
            stop();
            // the shim server ends itself once its last task is deleted; a leftover one is ours to
            // stop, its relay first (which would restart it)
            Path ready = shimRoot().resolve("ready");
            if (Files.exists(ready)) {
                Optional<ProcessHandle> server = ProcessHandle.of(shimServerPid());
                server.flatMap(ProcessHandle::parent)
                        .filter(p -> p.info().command().orElse("").endsWith("-relay"))
                        .ifPresent(relay -> {
                            relay.destroy(); // SIGTERM: the relay stops the server, then itself
                            relay.onExit()
                                    .orTimeout(15, TimeUnit.SECONDS)
                                    .exceptionally(e -> null)
                                    .join();
                        });
                server.ifPresent(ProcessHandle::destroyForcibly);
            }
            // like runc, Delete leaves the namespace's parent cgroup; remove it if these tests made it
            if (!namespaceCgroupExisted && Files.isDirectory(NAMESPACE_CGROUP)) {
                try {
                    Files.delete(NAMESPACE_CGROUP); // rmdir: fails harmlessly if a cgroup is still inside
                } catch (java.io.IOException e) {
                    System.err.println("could not remove " + NAMESPACE_CGROUP + ": " + e.getMessage());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while closing " + this);
        }
    }
}

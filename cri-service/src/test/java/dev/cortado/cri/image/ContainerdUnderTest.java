package dev.cortado.cri.image;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway containerd 1.6 ({@code apt-get install containerd}) with its own root, state and
 * socket under one directory, for the pull benchmark; the CRI plugin is disabled.
 */
final class ContainerdUnderTest implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/containerd");
    private final Path dir;
    private final Path socket;
    private final Process process;

    ContainerdUnderTest(Path dir) throws IOException, InterruptedException {
        this.dir = dir;
        this.socket = dir.resolve("containerd.sock");
        Path config = dir.resolve("config.toml");
        Files.writeString(
                config,
                "version = 2\nroot = \"" + dir.resolve("root") + "\"\nstate = \"" + dir.resolve("state")
                        + "\"\ndisabled_plugins = [\"io.containerd.grpc.v1.cri\"]\n[grpc]\n  address = \"" + socket
                        + "\"\n"
                        + "[ttrpc]\n  address = \"" + dir.resolve("containerd.sock.ttrpc")
                        + "\"\n[debug]\n  address = \"\"\n"
                        + "[metrics]\n  address = \"\"\n");
        process = new ProcessBuilder(BINARY.toString(), "--config", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("containerd.log").toFile())
                .start();
        for (int i = 0; i < 200 && !ready(); i++) {
            if (!process.isAlive()) {
                throw new IOException("containerd exited: " + Files.readString(dir.resolve("containerd.log")));
            }
            Thread.sleep(50);
        }
    }

    private boolean ready() throws IOException, InterruptedException {
        return Files.exists(socket) && ctr("version").waitFor() == 0;
    }

    private Process ctr(String... args) throws IOException {
        String[] cmd = new String[args.length + 5];
        cmd[0] = "ctr";
        cmd[1] = "-a";
        cmd[2] = socket.toString();
        cmd[3] = "-n";
        cmd[4] = "bench";
        System.arraycopy(args, 0, cmd, 5, args.length);
        return new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("ctr.log").toFile())
                .start();
    }

    /** Runs {@code ctr image pull --plain-http} (fetch and unpack into the default snapshotter). */
    void pull(String ref, int concurrency) throws IOException, InterruptedException {
        Process p =
                ctr("image", "pull", "--plain-http", "--max-concurrent-downloads", String.valueOf(concurrency), ref);
        if (p.waitFor() != 0) {
            throw new IOException("ctr pull " + ref + " failed: " + Files.readString(dir.resolve("ctr.log")));
        }
    }

    @Override
    public void close() throws IOException {
        try {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while closing " + this);
        }
    }
}

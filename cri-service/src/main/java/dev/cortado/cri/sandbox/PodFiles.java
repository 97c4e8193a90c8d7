package dev.cortado.cri.sandbox;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A pod's files under {@code <podsRoot>/<id>/}: {@code hostname}, {@code resolv.conf},
 * {@code hosts} (what containers bind-mount over their own) and {@code shm}, a 64 MiB tmpfs as
 * containerd mounts for every pod that does not use the host's IPC namespace.
 */
public final class PodFiles {
    /** containerd's {@code defaultShmSize}. */
    static final String SHM_OPTIONS = "mode=1777,size=" + (64L << 20);

    private final PodSyscalls sys;
    private final Path podsRoot;
    private final Path hostResolvConf;
    private final Path hostHosts;
    private final Supplier<String> hostHostname;

    public PodFiles(
            PodSyscalls sys, Path podsRoot, Path hostResolvConf, Path hostHosts, Supplier<String> hostHostname) {
        this.sys = sys;
        this.podsRoot = podsRoot;
        this.hostResolvConf = hostResolvConf;
        this.hostHosts = hostHosts;
        this.hostHostname = hostHostname;
    }

    public Path dir(String podId) {
        return podsRoot.resolve(podId);
    }

    /** The pod's hostname: the asked one, or the host's (host network, or none asked). */
    public String hostname(PodConfig config) {
        return config.hostname().isEmpty() || config.namespaces().hostNetwork()
                ? hostHostname.get()
                : config.hostname();
    }

    /** Writes the files and mounts {@code shm}; on failure what was made is removed. */
    public void create(String podId, PodConfig config, String podIp) {
        Path dir = dir(podId);
        try {
            Files.createDirectories(dir);
            String hostname = hostname(config);
            write(dir.resolve("hostname"), hostname + "\n");
            write(
                    dir.resolve("resolv.conf"),
                    config.dns().map(DnsConfig::resolvConf).orElseGet(this::hostResolvConf));
            write(dir.resolve("hosts"), config.namespaces().hostNetwork() ? read(hostHosts) : hosts(hostname, podIp));
            if (config.namespaces().ipc() != NamespaceMode.NODE) {
                Path shm = Files.createDirectories(dir.resolve("shm"));
                sys.mountTmpfs(shm, SHM_OPTIONS);
            }
        } catch (IOException e) {
            CortadoException error = new CortadoException(
                    ErrorKind.INTERNAL, "cannot write pod files under " + dir + ": " + e.getMessage(), e);
            try {
                remove(podId);
            } catch (RuntimeException cleanup) {
                error.addSuppressed(cleanup);
            }
            throw error;
        }
    }

    /** Unmounts the pod's {@code shm}; idempotent (StopPodSandbox may be repeated). */
    public void unmountShm(String podId) {
        Path shm = dir(podId).resolve("shm");
        try {
            sys.unmount(shm);
        } catch (IOException e) {
            throw new CortadoException(ErrorKind.INTERNAL, "cannot unmount " + shm + ": " + e.getMessage(), e);
        }
    }

    /** Unmounts {@code shm} and deletes the directory; idempotent. */
    public void remove(String podId) {
        unmountShm(podId);
        Path dir = dir(podId);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new CortadoException(ErrorKind.INTERNAL, "cannot remove " + dir + ": " + e.getMessage(), e);
        }
    }

    private String hostResolvConf() {
        try {
            return read(hostResolvConf);
        } catch (IOException e) {
            throw new CortadoException(ErrorKind.INTERNAL, "cannot read " + hostResolvConf + ": " + e.getMessage(), e);
        }
    }

    /** As kubelet's managed hosts file: loopback names, then the pod's IP with its hostname. */
    static String hosts(String hostname, String podIp) {
        StringBuilder out = new StringBuilder("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"
                + "fe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n");
        if (!podIp.isEmpty()) {
            out.append(podIp).append('\t').append(hostname).append('\n');
        }
        return out.toString();
    }

    private static String read(Path file) throws IOException {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            return "";
        }
    }

    /** temp + rename, so a reader never sees half a file. */
    private static void write(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}

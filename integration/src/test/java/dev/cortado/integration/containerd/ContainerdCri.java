package dev.cortado.integration.containerd;

import dev.cortado.api.cri.v1.PodSandbox;
import dev.cortado.api.cri.v1.PodSandboxFilter;
import dev.cortado.integration.cri.CriClient;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Debian's containerd 1.6 with its CRI plugin, as a node would run it but owned by one test:
 * its own config, root, state, sockets and CNI config (bridge + host-local + portmap + loopback
 * from /usr/lib/cni, the test's bridge and subnet, no masquerade) under one directory; runtime
 * handlers {@link #RUNC} (io.containerd.runc.v2) and {@link #CORTADO} (our shim, with
 * {@code UnenforceableLimits = "warn"}, or the shim's default {@code refuse} where the host can
 * enforce every limit); a busybox pause image imported, not pulled. It is also
 * the reference peer of the benchmarks. {@link #close} removes every pod left, stops containerd
 * and removes its bridge, cgroups, mounts and directory.
 */
public final class ContainerdCri implements AutoCloseable {
    public static final String RUNC = "runc";
    public static final String CORTADO = "cortado";
    /** A busybox-static image whose default command is {@code sh}. */
    public static final String IMAGE = BusyboxImage.NAME;

    public static final String PAUSE_IMAGE = "docker.io/library/cortado-pause:test";
    private final Path dir;
    private final Containerd containerd;
    private final CriNetwork network;

    private ContainerdCri(Path dir, Containerd containerd, CriNetwork network) {
        this.dir = dir;
        this.containerd = containerd;
        this.network = network;
    }

    /** Why this host cannot run it (a sentence naming what to install), or empty when it can. */
    public static Optional<String> unavailable(Path shim) {
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of("needs root: containerd, mounts, cgroups, network namespaces");
        }
        if (!onPath("containerd") || !onPath("ctr") || !onPath("runc")) {
            return Optional.of("needs containerd, ctr and runc (apt-get install -y containerd)");
        }
        if (!Files.isExecutable(BusyboxImage.BUSYBOX)) {
            return Optional.of("needs busybox-static (apt-get install -y busybox-static)");
        }
        if (!Stream.of("bridge", "host-local", "loopback", "portmap")
                .allMatch(p -> Files.isExecutable(CriNetwork.BIN.resolve(p)))) {
            return Optional.of(
                    "needs the CNI plugins in " + CriNetwork.BIN + " (apt-get install -y containernetworking-plugins)");
        }
        if (!onPath("iptables")) {
            return Optional.of("needs iptables for the portmap CNI plugin (apt-get install -y iptables)");
        }
        if (!Files.isExecutable(shim)) {
            return Optional.of("needs the shim script " + shim + " (mvn package builds it)");
        }
        return Optional.empty();
    }

    /** Starts it in {@code dir} (fresh, owned by the caller) on bridge {@code ctrdcri0}, 10.203.0.0/24. */
    public static ContainerdCri start(Path dir, Path shim) throws Exception {
        return start(dir, shim, new CriNetwork("ctrdcri0", "10.203.0.0/24"));
    }

    /** Starts it with its pods on {@code network}, the cortado handler under {@code warn}. */
    public static ContainerdCri start(Path dir, Path shim, CriNetwork network) throws Exception {
        return start(dir, shim, network, true);
    }

    /**
     * Starts it with its pods on {@code network}; the cortado handler drops limits the host
     * cannot enforce with a warning when {@code warnUnenforceable}, else it runs with no
     * options (the shim's default: it refuses them). On failure, undoes what it did and throws.
     */
    public static ContainerdCri start(Path dir, Path shim, CriNetwork network, boolean warnUnenforceable)
            throws Exception {
        ContainerdCri cri = new ContainerdCri(dir, new Containerd(dir, shim), network);
        try {
            network.writeConfig(dir.resolve("net.d"), dir.resolve("ipam"));
            Files.writeString(
                    dir.resolve("cortado-shim.toml"),
                    warnUnenforceable
                            ? "UnenforceableLimits = \"warn\"\n"
                            : "# no UnenforceableLimits: the default, refuse\nSystemdCgroup = false\n");
            cri.containerd.start(CriConfig.toml(dir, PAUSE_IMAGE));
            cri.importImage(BusyboxImage.write(dir));
            cri.importImage(BusyboxImage.write(dir, PAUSE_IMAGE, List.of("/bin/sleep"), List.of("2147483647")));
            cri.awaitReady();
            return cri;
        } catch (Exception | Error e) {
            cri.close();
            throw e;
        }
    }

    private void importImage(Path archive) throws IOException, InterruptedException {
        Containerd.Result r = containerd.ctrIn("k8s.io", "images", "import", archive.toString());
        if (r.code() != 0) {
            throw new IllegalStateException("ctr images import " + archive + " failed: " + r.out());
        }
    }

    /** Waits until the CRI socket answers Version (the CRI plugin starts after containerd's own API). */
    private void awaitReady() throws InterruptedException {
        RuntimeException last = null;
        long deadline = System.nanoTime() + 60_000_000_000L; // seconds here, longer in the emulated VM
        while (System.nanoTime() < deadline) {
            try (CriClient cri = client()) {
                cri.version();
                return;
            } catch (RuntimeException e) {
                last = e;
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException(
                "containerd's CRI plugin did not answer on " + socket() + "; log:\n" + tail(), last);
    }

    /**
     * Starts the node's shim server ahead of the first pod and waits up to {@code within} until it
     * serves. A shim {@code start} waits 15 s for a server it spawns, which an emulated VM's JVM
     * does not meet; the server it spawned keeps starting, and later starts reuse it.
     */
    public void startShimServer(java.time.Duration within) throws IOException, InterruptedException {
        String reply = containerd.startShim();
        long deadline = System.nanoTime() + within.toNanos();
        while (!Files.exists(containerd.shimRoot().resolve("ready"))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the shim server did not serve within " + within + "; start said: "
                        + reply + "\nshim log:\n" + shimLog());
            }
            Thread.sleep(100);
        }
    }

    /** The CRI (and containerd API) socket. */
    public Path socket() {
        return containerd.socket();
    }

    /** A new client of the CRI socket; the caller closes it. */
    public CriClient client() {
        return CriClient.connect(socket());
    }

    /** Where pods' log directories go (kubelet's /var/log/pods). */
    public Path logRoot() {
        return dir.resolve("pods");
    }

    /** The cgroup parent under which pods go (cgroupfs form), unique to this instance and removed at close. */
    public String cgroupRoot() {
        return "/" + dir.getFileName() + "/besteffort";
    }

    public CriNetwork network() {
        return network;
    }

    /** The pid of containerd itself (its shims are its children). */
    public long pid() {
        return containerd.pid();
    }

    /** What our shim server logged (its warnings included); empty before its first task. */
    public String shimLog() throws IOException {
        Path log = containerd.shimRoot().resolve("shim.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** The last lines of containerd's log, for failure messages. */
    public String tail() {
        try {
            List<String> lines = containerd.log().lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws IOException {
        try {
            // pods first, through CRI, so containerd tears down their netns, CNI state and shims
            try (CriClient cri = client()) {
                for (PodSandbox pod : cri.listPodSandbox(PodSandboxFilter.getDefaultInstance())) {
                    cri.stopPodSandbox(pod.getId());
                    cri.removePodSandbox(pod.getId());
                }
            } catch (RuntimeException e) {
                System.err.println("could not remove the pods left in containerd at " + dir + ": " + e);
            }
            containerd.close();
            HostCleanup.deleteLink(network.bridge());
            HostCleanup.removeCgroups("/" + dir.getFileName());
            HostCleanup.unmountUnder(dir);
            HostCleanup.deleteTree(dir);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while closing " + this);
        }
    }

    private static boolean onPath(String name) {
        return Stream.of(System.getenv("PATH").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, name)));
    }
}

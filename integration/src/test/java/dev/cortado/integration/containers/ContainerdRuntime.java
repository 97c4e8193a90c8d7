package dev.cortado.integration.containers;

import dev.cortado.integration.Repo;
import dev.cortado.integration.containerd.ContainerdCri;
import dev.cortado.integration.containerd.CriNetwork;
import dev.cortado.integration.cri.CriClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The reference: Debian's containerd 1.6 CRI plugin, handler {@code runc}, in a temp dir of its own. */
public final class ContainerdRuntime implements RuntimeUnderTest {
    private final ContainerdCri containerd;
    private final CriClient client;

    private ContainerdRuntime(ContainerdCri containerd) {
        this.containerd = containerd;
        this.client = containerd.client();
    }

    /** Why this host cannot run it, or empty. */
    public static Optional<String> unavailable() {
        return ContainerdCri.unavailable(shim());
    }

    public static ContainerdRuntime start(CriNetwork network) throws Exception {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "ctr-it-containerd");
        return new ContainerdRuntime(ContainerdCri.start(dir, shim(), network));
    }

    /** containerd also gets our shim as handler {@code cortado}; this suite does not use it. */
    private static Path shim() {
        return Repo.root().resolve("shim/target/bin/containerd-shim-cortado-v2");
    }

    /** containerd's pid. */
    public long pid() {
        return containerd.pid();
    }

    /** Its socket: the runc shims it starts carry it as {@code -address}. */
    public Path socket() {
        return containerd.socket();
    }

    @Override
    public String name() {
        return "containerd-runc";
    }

    @Override
    public CriClient client() {
        return client;
    }

    @Override
    public String handler() {
        return ContainerdCri.RUNC;
    }

    @Override
    public Path logRoot() {
        return containerd.logRoot();
    }

    @Override
    public String cgroupRoot() {
        return containerd.cgroupRoot();
    }

    @Override
    public CriNetwork network() {
        return containerd.network();
    }

    @Override
    public boolean isContainerd16() {
        return true;
    }

    @Override
    public boolean enforcesMemoryLimits() {
        return true; // runc, with whichever memory controller the host has
    }

    @Override
    public void close() throws IOException {
        client.close();
        containerd.close(); // removes the pods left, stops containerd, removes bridge, cgroups, mounts, dir
    }
}

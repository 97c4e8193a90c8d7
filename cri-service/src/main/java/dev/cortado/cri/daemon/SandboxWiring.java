package dev.cortado.cri.daemon;

import dev.cortado.cgroups.CgroupParent;
import dev.cortado.cgroups.HierarchyDetector;
import dev.cortado.cgroups.RealCgroupFs;
import dev.cortado.cgroups.control.CgroupManager;
import dev.cortado.cgroups.control.Signaller;
import dev.cortado.cgroups.control.Ticker;
import dev.cortado.cri.config.CortadoConfig;
import dev.cortado.cri.linux.NativePodSyscalls;
import dev.cortado.cri.network.PodNetwork;
import dev.cortado.cri.sandbox.CgroupPodCgroups;
import dev.cortado.cri.sandbox.NamespacePinner;
import dev.cortado.cri.sandbox.PodFiles;
import dev.cortado.cri.sandbox.PodSyscalls;
import dev.cortado.cri.sandbox.SandboxContainers;
import dev.cortado.cri.sandbox.SandboxParts;
import dev.cortado.cri.sandbox.SandboxService;
import dev.cortado.cri.sandbox.UnsharePodInit;
import dev.cortado.cri.store.MetadataStore;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Supplier;

/** Builds the sandbox service from the config's state dir, runtime and the host. */
final class SandboxWiring {
    static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");

    private SandboxWiring() {}

    /**
     * The sandbox service, not yet recovered: the daemon sets it where the container service
     * looks pods up before {@link SandboxService#recover()} may stop or remove their containers.
     */
    static SandboxService sandboxService(
            CortadoConfig config,
            MetadataStore store,
            PodNetwork network,
            PodFiles files,
            SandboxContainers containers,
            Supplier<String> bootId,
            Clock clock) {
        Path state = Path.of(config.state());
        PodSyscalls sys = new NativePodSyscalls();
        CgroupParent.Driver driver = config.runtime().cgroupDriver().equals("systemd")
                ? CgroupParent.Driver.SYSTEMD
                : CgroupParent.Driver.CGROUPFS;
        CgroupManager cgroups = new CgroupManager(
                new RealCgroupFs(), HierarchyDetector.forHost().detect(), Ticker.system(), Signaller.processHandles());
        SandboxParts parts = new SandboxParts(
                store,
                new NamespacePinner(sys, state.resolve("ns"), Path.of("/proc/thread-self/ns"), Path.of("/proc/sys")),
                new UnsharePodInit(sys, Path.of("/proc"), "unshare", "sleep"),
                new CgroupPodCgroups(cgroups, driver, CgroupPodCgroups.defaultParent(driver)),
                network,
                files,
                containers,
                clock,
                bootId,
                config.runtime().defaultHandler(),
                config.runtime().handlers().keySet());
        return new SandboxService(parts);
    }

    /** The pods' files (hostname, resolv.conf, hosts, shm) under {@code <state>/pods}. */
    static PodFiles podFiles(CortadoConfig config) {
        return new PodFiles(
                new NativePodSyscalls(),
                Path.of(config.state()).resolve("pods"),
                Path.of("/etc/resolv.conf"),
                Path.of("/etc/hosts"),
                () -> readTrimmed(Path.of("/proc/sys/kernel/hostname")));
    }

    /** The boot id, read once: it cannot change while we run. */
    static Supplier<String> bootId(Path file) {
        String id = readTrimmed(file);
        return () -> id;
    }

    private static String readTrimmed(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new CortadoException(ErrorKind.UNAVAILABLE, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}

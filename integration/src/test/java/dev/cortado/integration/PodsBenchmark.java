package dev.cortado.integration;

import dev.cortado.api.cri.v1.NamespaceMode;
import dev.cortado.api.cri.v1.PodSandbox;
import dev.cortado.api.cri.v1.PodSandboxConfig;
import dev.cortado.api.cri.v1.PodSandboxFilter;
import dev.cortado.integration.containerd.ContainerdCri;
import dev.cortado.integration.containerd.CriNetwork;
import dev.cortado.integration.containerd.HostCleanup;
import dev.cortado.integration.cri.CriClient;
import dev.cortado.integration.cri.KubeletConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Not a test: pod sandbox latency of Cortado side by side with Debian's containerd 1.6 CRI
 * plugin (runc handler, which starts a pause container), in one run, driven by the same
 * {@link CriClient} with the same kubelet-shaped {@link PodSandboxConfig}. Each round runs one
 * pod per runtime and network variant (host network; CNI bridge + host-local + portmap, each
 * runtime on its own bridge and subnet), alternating which runtime goes first, and times
 * RunPodSandbox, StopPodSandbox and RemovePodSandbox. Five untimed warm-up rounds, then
 * {@code count} (default 50); prints one table and writes it as JSON. Everything it started or
 * created (daemon, containerd, pods, bridges, netns pins, cgroups, directories) is removed at
 * the end. Run with {@code integration/bin/pods-benchmark [count] [json-file]}.
 */
public final class PodsBenchmark {
    static final int WARM_UPS = 5;
    /** Cortado's pod network. containerd gets its own: not ctrdcri0, which ContainerdCriTest may hold meanwhile. */
    static final CriNetwork CORTADO_NET = new CriNetwork("cortbench0", "10.204.0.0/24");
    static final CriNetwork CONTAINERD_NET = new CriNetwork("ctrdbench0", "10.205.0.0/24");

    /** One CRI endpoint under test: its client, the handler it is asked for, where pods' logs and cgroups go. */
    record Target(String name, CriClient client, String handler, Path logRoot, String cgroupRoot, CriNetwork net) {
    }

    private PodsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        Path json = Path.of(args.length > 1 ? args[1] : "integration/target/pods-benchmark.json");
        Path shim = Repo.root().resolve("shim/target/bin/containerd-shim-cortado-v2");
        Optional<String> missing = ContainerdCri.unavailable(shim);
        if (missing.isPresent()) {
            throw new IllegalStateException("cannot run containerd's CRI plugin here: " + missing.get());
        }
        String loadBefore = loadAverage();
        PodsBenchmarkReport report = new PodsBenchmarkReport(count, WARM_UPS);
        Path cortadoDir = Files.createTempDirectory(Path.of("/tmp"), "bench-cortado");
        String cortadoCgroups = "/" + cortadoDir.getFileName();
        try (ContainerdCri containerd = ContainerdCri.start(Files.createTempDirectory(Path.of("/tmp"), "bench-ctrd"),
                shim, CONTAINERD_NET)) {
            CORTADO_NET.writeConfig(cortadoDir.resolve("net.d"), cortadoDir.resolve("ipam"));
            String cniToml = "[cni]\nconf_dir = \"%s\"\nbin_dirs = [\"%s\"]\n"
                    .formatted(cortadoDir.resolve("net.d"), CriNetwork.BIN);
            try (DaemonProcess daemon = DaemonProcess.start(cortadoDir, cniToml, Map.of());
                    CriClient cortadoClient = CriClient.connect(daemon.socket());
                    CriClient containerdClient = containerd.client()) {
                Target cortado = new Target("cortado", cortadoClient, "", cortadoDir.resolve("pods"),
                        cortadoCgroups + "/besteffort", CORTADO_NET);
                Target ctrd = new Target("containerd", containerdClient, ContainerdCri.RUNC, containerd.logRoot(),
                        containerd.cgroupRoot(), CONTAINERD_NET);
                try {
                    for (int round = -WARM_UPS; round < count; round++) {
                        List<Target> order = round % 2 == 0 ? List.of(cortado, ctrd) : List.of(ctrd, cortado);
                        for (boolean cni : new boolean[] {false, true}) {
                            for (Target target : order) {
                                cycle(target, cni, round, round >= 0 ? report : null);
                            }
                        }
                    }
                } finally {
                    removeLeftPods(cortadoClient);
                }
            }
        } finally {
            HostCleanup.deleteLink(CORTADO_NET.bridge());
            HostCleanup.removeCgroups(cortadoCgroups);
            HostCleanup.unmountUnder(cortadoDir);
            HostCleanup.deleteTree(cortadoDir);
        }
        String loadAfter = loadAverage();
        System.out.print(report.table(loadBefore, loadAfter));
        Files.createDirectories(json.toAbsolutePath().getParent());
        Files.writeString(json, report.json(loadBefore, loadAfter));
        System.out.println("JSON: " + json.toAbsolutePath());
    }

    /**
     * One pod on {@code target}: created as kubelet does (log directory first), run, checked
     * (a CNI pod has an IP in the runtime's subnet, a host-network pod none), stopped and
     * removed; the three RPCs are timed into {@code report} unless it is null (warm-up).
     */
    private static void cycle(Target target, boolean cni, int round, PodsBenchmarkReport report) throws Exception {
        String name = (cni ? "cni-" : "host-") + (round + WARM_UPS);
        PodSandboxConfig.Builder builder = KubeletConfigs.pod("bench", name, target.logRoot(), target.cgroupRoot(), 0);
        if (!cni) { // kubelet sends no hostname for a host-network pod
            builder.clearHostname().getLinuxBuilder().getSecurityContextBuilder().getNamespaceOptionsBuilder()
                    .setNetwork(NamespaceMode.NODE);
        }
        PodSandboxConfig pod = builder.build();
        Files.createDirectories(Path.of(pod.getLogDirectory()));
        long t0 = System.nanoTime();
        String id = target.client().runPodSandbox(pod, target.handler());
        long t1 = System.nanoTime();
        String ip = target.client().podSandboxStatus(id, false).getStatus().getNetwork().getIp();
        if (cni ? !target.net().contains(ip) : !ip.isEmpty()) {
            throw new IllegalStateException(target.name() + " pod " + name + " has IP '" + ip + "', expected "
                    + (cni ? "one in " + target.net().subnet() : "none (host network)"));
        }
        long t2 = System.nanoTime();
        target.client().stopPodSandbox(id);
        long t3 = System.nanoTime();
        target.client().removePodSandbox(id);
        long t4 = System.nanoTime();
        if (report != null) {
            report.record(target.name(), cni, t1 - t0, t3 - t2, t4 - t3);
        }
    }

    /** The 1, 5 and 15 minute load averages, as uptime prints them. */
    private static String loadAverage() throws java.io.IOException {
        return String.join(" ", List.of(Files.readString(Path.of("/proc/loadavg")).trim().split(" ")).subList(0, 3));
    }

    /** After a failure: stops and removes what is left in cortado, so its pins, cgroups and CNI leases go. */
    private static void removeLeftPods(CriClient client) {
        try {
            for (PodSandbox pod : client.listPodSandbox(PodSandboxFilter.getDefaultInstance())) {
                client.stopPodSandbox(pod.getId());
                client.removePodSandbox(pod.getId());
            }
        } catch (RuntimeException e) {
            System.err.println("could not remove the pods left in cortado: " + e);
        }
    }
}

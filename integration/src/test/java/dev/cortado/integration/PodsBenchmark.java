package dev.cortado.integration;

import dev.cortado.api.cri.v1.LinuxPodSandboxConfig;
import dev.cortado.api.cri.v1.LinuxSandboxSecurityContext;
import dev.cortado.api.cri.v1.NamespaceMode;
import dev.cortado.api.cri.v1.NamespaceOption;
import dev.cortado.api.cri.v1.PodSandboxConfig;
import dev.cortado.api.cri.v1.PodSandboxMetadata;
import dev.cortado.transport.UnixGrpc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Not a test: RunPodSandbox and StopPodSandbox+RemovePodSandbox latency, p50 and p99 over N
 * pods (default 50) run one after another through a real daemon's CRI socket, as kubelet calls
 * them. Pods use the host network (no CNI) unless a CNI conf dir is given as second argument:
 * namespaces (ipc, pid init; net and uts with CNI), cgroup, files and the store are all real.
 * Run with {@code integration/bin/pods-benchmark [count] [cni-conf-dir]}.
 */
public final class PodsBenchmark {
    private PodsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        boolean cni = args.length > 1;
        Path dir = Files.createTempDirectory("pods-bench");
        String cniToml = "[cni]\nconf_dir = \"%s\"\nbin_dirs = [\"/usr/lib/cni\"]\n"
                .formatted(cni ? args[1] : Files.createDirectories(dir.resolve("net.d")));
        String parent = "/pods-bench-" + ProcessHandle.current().pid();
        List<Long> run = new ArrayList<>();
        List<Long> stopRemove = new ArrayList<>();
        try (DaemonProcess daemon = DaemonProcess.start(dir, cniToml, Map.of());
                UnixGrpc.Channel channel = daemon.connect()) {
            Crictl crictl = new Crictl(channel);
            for (int i = -5; i < count; i++) { // five untimed warm-ups
                PodSandboxConfig pod = PodSandboxConfig.newBuilder()
                        .setMetadata(PodSandboxMetadata.newBuilder().setName("bench-" + i).setUid("uid-" + i)
                                .setNamespace("bench").setAttempt(0))
                        .setLinux(LinuxPodSandboxConfig.newBuilder().setCgroupParent(parent).setSecurityContext(
                                LinuxSandboxSecurityContext.newBuilder().setNamespaceOptions(NamespaceOption.newBuilder()
                                        .setNetwork(cni ? NamespaceMode.POD : NamespaceMode.NODE))))
                        .build();
                long t0 = System.nanoTime();
                String id = crictl.runp(pod);
                long t1 = System.nanoTime();
                crictl.stopp(id);
                crictl.rmp(id);
                long t2 = System.nanoTime();
                if (i >= 0) {
                    run.add(t1 - t0);
                    stopRemove.add(t2 - t1);
                }
            }
            daemon.stop();
        } finally {
            Files.deleteIfExists(Path.of("/sys/fs/cgroup/unified").resolve(parent.substring(1)));
            Files.deleteIfExists(Path.of("/sys/fs/cgroup").resolve(parent.substring(1)));
            try (var walk = Files.walk(dir)) {
                for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
        System.out.printf("cortado, %d pods (%s): RunPodSandbox %s; StopPodSandbox+RemovePodSandbox %s%n", count,
                cni ? "CNI network" : "host network", percentiles(run), percentiles(stopRemove));
    }

    static String percentiles(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return "p50 %.1f ms, p99 %.1f ms".formatted(at(sorted, 0.50) / 1e6, at(sorted, 0.99) / 1e6);
    }

    private static long at(List<Long> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }
}

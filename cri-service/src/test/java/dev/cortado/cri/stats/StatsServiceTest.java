package dev.cortado.cri.stats;

import static dev.cortado.cri.stats.ListedContainers.container;
import static dev.cortado.cri.stats.ListedContainers.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.cri.container.ContainerFilter;
import dev.cortado.cri.container.ContainerState;
import dev.cortado.cri.sandbox.PodConfig;
import dev.cortado.cri.sandbox.PodNamespaces;
import dev.cortado.cri.sandbox.Sandbox;
import dev.cortado.cri.sandbox.SandboxFilter;
import dev.cortado.cri.sandbox.SandboxMetadata;
import dev.cortado.cri.sandbox.SandboxNetwork;
import dev.cortado.cri.sandbox.SandboxState;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Container and pod stats from a fake cgroupfs, writable layers and /proc in a temp dir. */
class StatsServiceTest {
    private static final String POD = "p".repeat(64).replace('p', 'e');
    private static final String PARENT = "/kubepods/besteffort/pod-u1";

    @TempDir
    Path dir;

    private FakeNode node;
    private final ListedContainers containers = new ListedContainers();
    private final List<Sandbox> pods = new java.util.ArrayList<>();
    private final PodSource podSource = new PodSource() {
        @Override
        public Sandbox get(String idOrPrefix) {
            return pods.stream()
                    .filter(p -> p.id().startsWith(idOrPrefix))
                    .findFirst()
                    .orElseThrow(() -> CortadoException.notFound("pod sandbox \"%s\" not found", idOrPrefix));
        }

        @Override
        public List<Sandbox> list(SandboxFilter filter) {
            return pods.stream().filter(filter::matches).toList();
        }
    };

    @BeforeEach
    void setUp() {
        node = new FakeNode(dir);
    }

    /** A running container in POD whose cgroup is PARENT/<id>, with cpu.stat. */
    private String running(int n, Map<String, String> labels) {
        String id = id(n);
        containers.put(container(id, POD, ContainerState.RUNNING, 100 + n, labels));
        node.bundle(id, PARENT + "/" + id);
        node.cpu(PARENT + "/" + id, 1_000);
        return id;
    }

    @Test
    void cpu_usageAndNanoCores_fromTwoSamples() {
        StatsService stats = node.service(containers, podSource, true);
        String id = running(1, Map.of());
        node.cpu(PARENT + "/" + id, 2_000_000); // 2 s of cpu so far

        ContainerStats first = stats.container(id);
        assertThat(first.usage().cpu()).hasValueSatisfying(cpu -> {
            assertThat(cpu.usageCoreNanos()).isEqualTo(2_000_000_000L);
            assertThat(cpu.usageNanoCores()).as("no previous sample yet").isEmpty();
        });
        node.advance(Duration.ofSeconds(1));
        node.cpu(PARENT + "/" + id, 2_750_000); // 0.75 s more in 1 s

        ContainerStats second = stats.container(id);
        assertThat(second.usage().cpu().orElseThrow().usageNanoCores()).contains(750_000_000L);
        assertThat(second.usage().timestampNanos() - first.usage().timestampNanos())
                .isEqualTo(1_000_000_000L);
    }

    @Test
    void memory_workingSetAvailableRssAndFaults() {
        StatsService stats = node.service(containers, podSource, true);
        String id = running(1, Map.of());
        node.memory(PARENT + "/" + id, 100_000, 30_000, 50_000, 200_000);

        UsageStats.Memory m = stats.container(id).usage().memory().orElseThrow();
        assertThat(m.usage()).isEqualTo(100_000);
        assertThat(m.workingSet()).isEqualTo(70_000);
        assertThat(m.available()).contains(130_000L);
        assertThat(m.rss()).isEqualTo(50_000);
        assertThat(m.pageFaults()).isEqualTo(1234);
        assertThat(m.majorPageFaults()).isEqualTo(5);
    }

    @Test
    void memory_unlimited_hasNoAvailable() {
        StatsService stats = node.service(containers, podSource, true);
        String id = running(1, Map.of());
        node.memory(PARENT + "/" + id, 100_000, 130_000, 50_000, -1);

        UsageStats.Memory m = stats.container(id).usage().memory().orElseThrow();
        assertThat(m.available()).isEmpty();
        assertThat(m.workingSet())
                .as("inactive_file read after current: never negative")
                .isZero();
    }

    @Test
    void hybridHost_cpuOnly_memoryLeftUnset() {
        StatsService stats = node.service(containers, podSource, false);
        String id = running(1, Map.of());

        ContainerStats s = stats.container(id);
        assertThat(s.usage().cpu()).isPresent();
        assertThat(s.usage().memory()).isEmpty();
    }

    @Test
    void systemdCgroupsPath_isExpandedAsRuncDoes() {
        StatsService stats = node.service(containers, podSource, true);
        String id = id(7);
        containers.put(container(id, POD, ContainerState.RUNNING, 7, Map.of()));
        node.bundle(id, "kubepods-besteffort-podu1.slice:cri-containerd:" + id);
        node.cpu(
                "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-podu1.slice/cri-containerd-" + id
                        + ".scope",
                5);

        assertThat(stats.container(id).usage().cpu().orElseThrow().usageCoreNanos())
                .isEqualTo(5_000);
    }

    @Test
    void containerWithoutCgroupOrBundle_reportsNoUsage_notAnError() {
        StatsService stats = node.service(containers, podSource, true);
        String noBundle = id(2);
        containers.put(container(noBundle, POD, ContainerState.CREATED, 0, Map.of()));
        String gone = id(3);
        containers.put(container(gone, POD, ContainerState.EXITED, 0, Map.of()));
        node.bundle(gone, PARENT + "/" + gone); // its cgroup was removed with its task

        assertThat(stats.container(noBundle).usage().cpu()).isEmpty();
        assertThat(stats.container(gone).usage().cpu()).isEmpty();
        assertThat(stats.container(gone).usage().memory()).isEmpty();
    }

    @Test
    void unknownContainer_isNotFound() {
        StatsService stats = node.service(containers, podSource, true);
        assertThatThrownBy(() -> stats.container("abc"))
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
    }

    @Test
    void writableLayer_bytesAndInodes_cachedForTtl() {
        StatsService stats = node.service(containers, podSource, true);
        String id = running(1, Map.of());
        node.layerFile(id, "a", 100);
        node.layerFile(id, "d/b", 23);

        ContainerStats.WritableLayer layer = stats.container(id).writableLayer().orElseThrow();
        assertThat(layer.usedBytes()).isEqualTo(123);
        assertThat(layer.inodesUsed()).as("upper, a, d, d/b").isEqualTo(4);
        assertThat(layer.mountpoint()).endsWith(id + "/upper");

        node.layerFile(id, "c", 1000);
        assertThat(stats.container(id).writableLayer().orElseThrow().usedBytes())
                .as("cached")
                .isEqualTo(123);
        node.advance(StatsService.LAYER_TTL);
        assertThat(stats.container(id).writableLayer().orElseThrow().usedBytes())
                .isEqualTo(1123);
    }

    @Test
    void writableLayer_walkStopsAtItsCap() {
        WritableLayers layers =
                new WritableLayers(node.root.resolve("containers"), java.time.Clock.systemUTC(), Duration.ZERO, 3);
        for (int i = 0; i < 10; i++) {
            node.layerFile(id(1), "f" + i, 10);
        }
        ContainerStats.WritableLayer layer = layers.of(id(1)).orElseThrow();
        assertThat(layer.inodesUsed()).isEqualTo(3);
        assertThat(layer.truncated()).isTrue();
        assertThat(layers.of(id(2))).as("no layer dir").isEmpty();
    }

    @Test
    void list_runningOnly_filteredByIdPodAndLabels() {
        StatsService stats = node.service(containers, podSource, true);
        String a = running(1, Map.of("app", "web"));
        String b = running(2, Map.of("app", "db"));
        containers.put(container(id(3), POD, ContainerState.EXITED, 0, Map.of("app", "web")));
        containers.put(container(id(4), "f".repeat(64), ContainerState.RUNNING, 9, Map.of()));

        assertThat(ids(stats.containers(ContainerFilter.ALL))).containsExactly(a, b, id(4));
        assertThat(ids(stats.containers(new ContainerFilter("", Optional.empty(), "", Map.of("app", "web")))))
                .containsExactly(a);
        assertThat(ids(stats.containers(new ContainerFilter(b, Optional.empty(), "", Map.of()))))
                .containsExactly(b);
        assertThat(ids(stats.containers(new ContainerFilter("", Optional.empty(), "fff", Map.of()))))
                .containsExactly(id(4));
    }

    @Test
    void list_forgetsSamplesOfRemovedContainers() {
        StatsService stats = node.service(containers, podSource, true);
        running(1, Map.of());
        String b = running(2, Map.of());
        stats.containers(ContainerFilter.ALL);
        assertThat(stats.samplesKept()).isEqualTo(2);

        containers.remove(b);
        stats.containers(ContainerFilter.ALL);
        assertThat(stats.samplesKept()).isEqualTo(1);
    }

    @Test
    void pod_readsItsCgroupParent_itsRunningContainers_andItsNetwork() throws Exception {
        StatsService stats = node.service(containers, podSource, true);
        String a = running(1, Map.of());
        containers.put(container(id(2), POD, ContainerState.EXITED, 0, Map.of()));
        node.cpu(PARENT, 9_000);
        node.memory(PARENT, 500_000, 100_000, 300_000, -1);
        Path pin = dir.resolve("netns-pin");
        Files.writeString(pin, "");
        Object inode = Files.getAttribute(pin, "unix:ino");
        Path proc = node.proc.resolve("101"); // the running container's pid
        Files.createDirectories(proc.resolve("ns"));
        Files.createSymbolicLink(proc.resolve("ns/net"), Path.of("net:[" + inode + "]"));
        FakeNode.write(proc.resolve("net/dev"), NET_DEV);
        pods.add(pod(POD, pin.toString(), PARENT));

        PodStats pod = stats.pod(POD.substring(0, 12));
        assertThat(pod.usage().cpu().orElseThrow().usageCoreNanos()).isEqualTo(9_000_000);
        assertThat(pod.usage().memory().orElseThrow().workingSet()).isEqualTo(400_000);
        assertThat(pod.containers()).extracting(c -> c.container().id()).containsExactly(a);
        NetworkStats net = pod.network().orElseThrow();
        assertThat(net.defaultInterface()).contains(new NetworkStats.Interface("eth0", 1500, 10, 2, 0, 3000, 20, 4, 0));
        assertThat(net.interfaces()).extracting(NetworkStats.Interface::name).containsExactly("eth0", "net1");
    }

    @Test
    void pod_processInAnotherNetns_orHostNetwork_hasNoNetworkStats() throws Exception {
        StatsService stats = node.service(containers, podSource, true);
        running(1, Map.of());
        Path pin = dir.resolve("netns-pin");
        Files.writeString(pin, "");
        Path proc = node.proc.resolve("101");
        Files.createDirectories(proc.resolve("ns"));
        Files.createSymbolicLink(proc.resolve("ns/net"), Path.of("net:[1]")); // a recycled pid elsewhere
        FakeNode.write(proc.resolve("net/dev"), NET_DEV);
        pods.add(pod(POD, pin.toString(), PARENT));
        String hostPod = "d".repeat(64);
        pods.add(pod(hostPod, "", ""));

        assertThat(stats.pod(POD).network()).isEmpty();
        assertThat(stats.pod(hostPod).network()).isEmpty();
        assertThat(stats.pod(hostPod).usage().cpu())
                .as("no cgroup parent and none made")
                .isEmpty();
    }

    @Test
    void listPods_readyOnly_byLabel() {
        StatsService stats = node.service(containers, podSource, true);
        pods.add(pod(POD, "", PARENT));
        pods.add(pod("d".repeat(64), "", "").withState(SandboxState.NOTREADY));

        assertThat(stats.pods(SandboxFilter.ALL))
                .extracting(p -> p.sandbox().id())
                .containsExactly(POD);
        assertThat(stats.pods(new SandboxFilter("", Optional.empty(), Map.of("app", "x"))))
                .isEmpty();
    }

    @Test
    void netDev_malformed_failsClosed() {
        assertThatThrownBy(() -> NetworkStats.parse(NET_DEV.replace("1500", "15x0"), 0))
                .hasMessageContaining("malformed counter");
        assertThatThrownBy(() -> NetworkStats.parse("eth0: 1 2 3\n", 0)).hasMessageContaining("header");
        assertThatThrownBy(() -> NetworkStats.parse(NET_DEV.replace("       0          0\n", "\n"), 0))
                .hasMessageContaining("malformed line");
    }

    private static List<String> ids(List<ContainerStats> stats) {
        return stats.stream().map(s -> s.container().id()).toList();
    }

    static Sandbox pod(String id, String netns, String cgroupParent) {
        PodConfig config = PodConfig.builder(new SandboxMetadata("web", "u1", "default", 0))
                .cgroupParent(cgroupParent)
                .build();
        return Sandbox.builder()
                .id(id)
                .config(config)
                .state(SandboxState.READY)
                .createdAtNanos(1)
                .network(SandboxNetwork.NONE)
                .namespaces(new PodNamespaces(netns, "", "", "", 0, 0))
                .bootId("boot")
                .build();
    }

    static final String NET_DEV = """
            Inter-|   Receive                                                |  Transmit
             face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                lo:     100       1    0    0    0     0          0         0      100       1    0    0    0     0       0          0
              eth0:    1500      10    2    0    0     0          0         0     3000      20    4    0    0     0       0          0
              net1:       7       1    0    0    0     0          0         0        8       1    0    0    0     0       0          0
            """;
}

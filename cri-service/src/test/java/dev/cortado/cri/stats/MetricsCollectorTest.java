package dev.cortado.cri.stats;

import static dev.cortado.cri.stats.ListedContainers.container;
import static dev.cortado.cri.stats.ListedContainers.id;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.api.cri.v1.LinuxContainerConfig;
import dev.cortado.api.cri.v1.LinuxContainerResources;
import dev.cortado.cri.container.Container;
import dev.cortado.cri.container.ContainerState;
import dev.cortado.cri.sandbox.Sandbox;
import dev.cortado.cri.sandbox.SandboxFilter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cAdvisor metrics from a fake cgroupfs: names, types and labels as kubelet's cAdvisor, values only where files exist. */
class MetricsCollectorTest {
    private static final String POD = "e".repeat(64);
    private static final String PARENT = "/kubepods/burstable/pod-u1";

    @TempDir
    Path dir;

    private FakeNode node;
    private final ListedContainers containers = new ListedContainers();
    private final List<Sandbox> pods = new ArrayList<>();
    private final PodSource podSource = new PodSource() {
        @Override
        public Sandbox get(String idOrPrefix) {
            return pods.stream()
                    .filter(p -> p.id().startsWith(idOrPrefix))
                    .findFirst()
                    .orElseThrow();
        }

        @Override
        public List<Sandbox> list(SandboxFilter filter) {
            return pods.stream().filter(filter::matches).toList();
        }
    };

    @BeforeEach
    void setUp() {
        node = new FakeNode(dir);
        pods.add(StatsServiceTest.pod(POD, "", PARENT));
    }

    /** A running container limited to 1.5 cpus and 64 MiB, with cpu.stat in its cgroup. */
    private String running(int n) {
        String id = id(n);
        Container c = container(id, POD, ContainerState.RUNNING, 100 + n, Map.of());
        containers.put(c.withConfig(c.config().toBuilder()
                .setLinux(LinuxContainerConfig.newBuilder()
                        .setResources(LinuxContainerResources.newBuilder()
                                .setCpuPeriod(100_000)
                                .setCpuQuota(150_000)
                                .setCpuShares(1536)
                                .setMemoryLimitInBytes(64 << 20)))
                .build()));
        node.bundle(id, PARENT + "/" + id);
        node.cpu(PARENT + "/" + id, 2_500_000);
        return id;
    }

    @Test
    void container_everyControllerAndPsi_givesCadvisorSamplesWithKubeletsLabels() throws Exception {
        StatsService stats = node.service(containers, podSource, true);
        String id = running(1);
        String cg = PARENT + "/" + id;
        node.memory(cg, 10_000, 3_000, 6_000, 64 << 20);
        Path d = node.dir(cg);
        FakeNode.write(
                d.resolve("cpu.stat"),
                "usage_usec 2500000\nuser_usec 2000000\nsystem_usec 500000\n"
                        + "nr_periods 40\nnr_throttled 3\nthrottled_usec 1200000\n");
        FakeNode.write(d.resolve("pids.current"), "7\n");
        FakeNode.write(d.resolve("pids.max"), "max\n");
        FakeNode.write(d.resolve("cgroup.procs"), "101\n102\n");
        FakeNode.write(
                d.resolve("io.stat"),
                "254:0 rbytes=8192 wbytes=4096 rios=2 wios=1 dbytes=0 dios=0\n"
                        + "7:3 rbytes=1 wbytes=0 rios=1 wios=0 dbytes=0 dios=0\n");
        FakeNode.write(
                d.resolve("cpu.pressure"),
                "some avg10=0.00 avg60=0.00 avg300=0.00 total=3500000\n"
                        + "full avg10=0.00 avg60=0.00 avg300=0.00 total=1000000\n");
        FakeNode.write(d.resolve("memory.swap.current"), "0\n");
        Files.createDirectories(dir.resolve("sys/dev/block"));
        Files.createSymbolicLink(
                dir.resolve("sys/dev/block/254:0"), Path.of("../../devices/pci0000:00/virtio2/block/vda"));
        node.layerFile(id, "f", 10);

        PodMetrics pod = single(stats.metrics());
        List<MetricSample> m = pod.containers().get(0).metrics();

        assertThat(pod.containers())
                .extracting(PodMetrics.Container::containerId)
                .containsExactly(id);
        MetricSample usage = one(m, "container_cpu_usage_seconds_total");
        assertThat(usage.type()).isEqualTo(MetricSample.Type.COUNTER);
        assertThat(usage.value()).as("whole seconds").isEqualTo(2);
        assertThat(usage.labelValues())
                .containsExactly("c-" + id.substring(56), cg, "busybox", id, "default", "web", "total");
        assertThat(one(m, "container_cpu_user_seconds_total").value()).isEqualTo(2);
        assertThat(one(m, "container_cpu_cfs_throttled_periods_total").value()).isEqualTo(3);
        assertThat(one(m, "container_memory_working_set_bytes").value()).isEqualTo(7_000);
        assertThat(one(m, "container_memory_working_set_bytes").type()).isEqualTo(MetricSample.Type.GAUGE);
        assertThat(one(m, "container_memory_rss").value()).isEqualTo(6_000);
        assertThat(one(m, "container_memory_swap").value()).isZero();
        assertThat(all(m, "container_memory_failures_total"))
                .extracting(s -> s.labelValues().subList(6, 8))
                .containsExactlyInAnyOrder(
                        List.of("pgfault", "container"),
                        List.of("pgfault", "hierarchy"),
                        List.of("pgmajfault", "container"),
                        List.of("pgmajfault", "hierarchy"));
        assertThat(one(m, "container_threads").value()).isEqualTo(7);
        assertThat(one(m, "container_threads_max").value()).as("unlimited").isZero();
        assertThat(one(m, "container_processes").value()).isEqualTo(2);
        assertThat(all(m, "container_fs_reads_bytes_total"))
                .extracting(s -> s.labelValues().get(6), MetricSample::value)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("/dev/vda", 8192L),
                        org.assertj.core.groups.Tuple.tuple("7:3", 1L));
        assertThat(one(m, "container_pressure_cpu_waiting_seconds_total").value())
                .isEqualTo(3);
        assertThat(one(m, "container_pressure_cpu_stalled_seconds_total").value())
                .isEqualTo(1);
        assertThat(names(m)).doesNotContain("container_pressure_memory_waiting_seconds_total");
        assertThat(one(m, "container_spec_cpu_quota").value()).isEqualTo(150_000);
        assertThat(one(m, "container_spec_memory_limit_bytes").value()).isEqualTo(64 << 20);
        assertThat(names(m)).doesNotContain("container_spec_memory_swap_limit_bytes");
        assertThat(one(m, "container_fs_usage_bytes").value()).isEqualTo(10);
        assertThat(one(m, "container_fs_usage_bytes").timestampNanos())
                .as("cached walk")
                .isPositive();
        assertThat(one(m, "container_last_seen").value()).isEqualTo(node.now.getEpochSecond());
        assertThat(usage.timestampNanos()).as("read for this call").isZero();
        assertMatchDescriptors(m);
    }

    @Test
    void hybridHost_cpuOnly_noSamplesInventedForMissingControllers() {
        StatsService stats = node.service(containers, podSource, false);
        String id = running(1);
        node.cpu(PARENT, 5_000_000);

        PodMetrics pod = single(stats.metrics());
        List<MetricSample> m = pod.containers().get(0).metrics();

        assertThat(names(m))
                .contains("container_cpu_usage_seconds_total", "container_spec_cpu_quota")
                .doesNotContain(
                        "container_memory_working_set_bytes",
                        "container_threads",
                        "container_fs_reads_total",
                        "container_pressure_cpu_waiting_seconds_total",
                        "container_memory_swap");
        assertThat(names(m))
                .as("a quota, but no throttling counters in this cpu.stat")
                .doesNotContain("container_cpu_cfs_periods_total");
        assertThat(one(pod.metrics(), "container_cpu_usage_seconds_total").labelValues())
                .as("the pod cgroup's own series")
                .containsExactly("", PARENT, "", "", "default", "web", "total");
        assertThat(one(pod.metrics(), "container_cpu_usage_seconds_total").value())
                .isEqualTo(5);
        assertThat(names(pod.metrics())).doesNotContain("container_network_receive_bytes_total");
        assertThat(id).isNotEmpty();
        assertMatchDescriptors(pod.metrics());
        assertMatchDescriptors(m);
    }

    @Test
    void podNetwork_everyInterfaceButLoopback_withItsName() {
        StatsService stats = node.service(containers, podSource, true);
        node.cpu(PARENT, 1_000);
        PodStats read = stats.pod(POD);
        PodStats withNet = new PodStats(
                read.sandbox(),
                read.usage(),
                Optional.of(NetworkStats.parse(StatsServiceTest.NET_DEV, 1)),
                read.containers());

        List<MetricSample> m = new MetricsCollector(
                        new BlockDevices(dir.resolve("sys")), null, java.time.Clock.systemUTC())
                .collect(withNet)
                .metrics();

        assertThat(all(m, "container_network_receive_bytes_total"))
                .extracting(s -> s.labelValues().get(6), MetricSample::value)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("eth0", 1500L),
                        org.assertj.core.groups.Tuple.tuple("net1", 7L));
        assertThat(all(m, "container_network_transmit_packets_total"))
                .extracting(MetricSample::value)
                .containsExactly(20L, 1L);
        assertThat(all(m, "container_network_receive_packets_total"))
                .extracting(MetricSample::value)
                .containsExactly(10L, 1L);
        assertMatchDescriptors(m);
    }

    /** Every sample names a descriptor, has its type and exactly its label keys: kubelet drops the rest. */
    static void assertMatchDescriptors(List<MetricSample> samples) {
        for (MetricSample s : samples) {
            MetricSample.Descriptor d = CadvisorMetrics.descriptor(s.name());
            assertThat(s.labelValues()).as(s.name()).hasSameSizeAs(d.labelKeys());
            assertThat(s.type()).as(s.name()).isEqualTo(d.type());
        }
    }

    private static PodMetrics single(List<PodMetrics> all) {
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    private static List<String> names(List<MetricSample> m) {
        return m.stream().map(MetricSample::name).toList();
    }

    private static List<MetricSample> all(List<MetricSample> m, String name) {
        return m.stream().filter(s -> s.name().equals(name)).toList();
    }

    private static MetricSample one(List<MetricSample> m, String name) {
        List<MetricSample> found = all(m, name);
        assertThat(found).as(name).hasSize(1);
        return found.get(0);
    }
}

package dev.cortado.cri.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.api.cri.v1.CgroupDriver;
import dev.cortado.api.cri.v1.ContainerStats;
import dev.cortado.api.cri.v1.ContainerStatsFilter;
import dev.cortado.api.cri.v1.ContainerStatsRequest;
import dev.cortado.api.cri.v1.ListContainerStatsRequest;
import dev.cortado.api.cri.v1.ListMetricDescriptorsRequest;
import dev.cortado.api.cri.v1.ListPodSandboxMetricsRequest;
import dev.cortado.api.cri.v1.ListPodSandboxStatsRequest;
import dev.cortado.api.cri.v1.Metric;
import dev.cortado.api.cri.v1.MetricDescriptor;
import dev.cortado.api.cri.v1.MetricType;
import dev.cortado.api.cri.v1.PodSandboxMetrics;
import dev.cortado.api.cri.v1.PodSandboxStats;
import dev.cortado.api.cri.v1.PodSandboxStatsRequest;
import dev.cortado.api.cri.v1.RuntimeConfigRequest;
import dev.cortado.api.cri.v1.RuntimeServiceGrpc;
import dev.cortado.api.cri.v1.StreamContainerStatsRequest;
import dev.cortado.api.cri.v1.StreamContainerStatsResponse;
import dev.cortado.api.cri.v1.StreamPodSandboxMetricsRequest;
import dev.cortado.api.cri.v1.StreamPodSandboxMetricsResponse;
import dev.cortado.api.cri.v1.StreamPodSandboxStatsRequest;
import dev.cortado.api.cri.v1.StreamPodSandboxStatsResponse;
import dev.cortado.cgroups.CgroupMode;
import dev.cortado.cgroups.CgroupParent;
import dev.cortado.cgroups.Hierarchy;
import dev.cortado.cgroups.RealCgroupFs;
import dev.cortado.cgroups.control.CgroupManager;
import dev.cortado.cgroups.control.Signaller;
import dev.cortado.cgroups.control.Ticker;
import dev.cortado.cri.container.ContainerState;
import dev.cortado.cri.container.ContainerStatus;
import dev.cortado.cri.network.CniConfigLoader;
import dev.cortado.cri.network.NetworkReadiness;
import dev.cortado.cri.runtime.HandlerFeatures;
import dev.cortado.cri.sandbox.PodConfig;
import dev.cortado.cri.sandbox.PodNamespaces;
import dev.cortado.cri.sandbox.Sandbox;
import dev.cortado.cri.sandbox.SandboxFilter;
import dev.cortado.cri.sandbox.SandboxMetadata;
import dev.cortado.cri.sandbox.SandboxNetwork;
import dev.cortado.cri.sandbox.SandboxState;
import dev.cortado.cri.stats.PodSource;
import dev.cortado.cri.stats.StatsService;
import dev.cortado.cri.status.RuntimeConditions;
import dev.cortado.cri.status.RuntimeVersion;
import dev.cortado.errors.CortadoException;
import dev.cortado.transport.UnixGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stats RPCs and RuntimeConfig through a real CRI server on a unix socket, over a fake cgroupfs. */
class CriStatsTest {
    private static final String POD = "e".repeat(64);
    private static final String PARENT = "/kubepods/pod-u1";

    @TempDir
    Path dir;

    private final FakeContainers containers = new FakeContainers();
    private CriServer server;
    private UnixGrpc.Channel channel;

    @BeforeEach
    void start() throws IOException {
        Sandbox pod = Sandbox.builder()
                .id(POD)
                .config(PodConfig.builder(new SandboxMetadata("web", "u1", "default", 2))
                        .labels(Map.of("tier", "front"))
                        .cgroupParent(PARENT)
                        .build())
                .state(SandboxState.READY)
                .createdAtNanos(1)
                .network(SandboxNetwork.NONE)
                .namespaces(PodNamespaces.HOST)
                .bootId("boot")
                .build();
        PodSource pods = new PodSource() {
            @Override
            public Sandbox get(String idOrPrefix) {
                if (!POD.startsWith(idOrPrefix)) {
                    throw CortadoException.notFound("pod sandbox \"%s\" not found", idOrPrefix);
                }
                return pod;
            }

            @Override
            public List<Sandbox> list(SandboxFilter filter) {
                return filter.matches(pod) ? List.of(pod) : List.of();
            }
        };
        CgroupManager cgroups = new CgroupManager(
                new RealCgroupFs(),
                new Hierarchy(CgroupMode.UNIFIED, dir.resolve("cgroup"), Set.of("cpu", "memory")),
                Ticker.system(),
                Signaller.processHandles());
        StatsService stats = new StatsService(
                containers,
                pods,
                cgroups,
                CgroupParent.Driver.CGROUPFS,
                dir.resolve("root"),
                dir.resolve("state"),
                dir.resolve("proc"),
                Clock.systemUTC());
        CriRuntimeService runtime = new CriRuntimeService(
                RuntimeVersion.current(),
                new CriStatus(
                        new RuntimeConditions(List.of(), new NetworkReadiness(dir, List.of(), new CniConfigLoader())),
                        "cortado",
                        Map.of("cortado", HandlerFeatures.NONE),
                        Map::of),
                new CriPodSandboxes(null, Clock.systemUTC()),
                CriRuntimeParts.none()
                        .withContainers(new CriContainers(containers, null))
                        .withStats(new CriStats(stats), CgroupDriver.SYSTEMD));
        Path socket = dir.resolve("cri.sock");
        server = new CriServer(socket, 16 << 20, List.of(runtime)).start();
        channel = UnixGrpc.channel(socket);
    }

    @AfterEach
    void stop() {
        channel.close();
        server.close();
    }

    private RuntimeServiceGrpc.RuntimeServiceBlockingStub cri() {
        return RuntimeServiceGrpc.newBlockingStub(channel.managed()).withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    /** A running container of the pod with cpu and memory files in its cgroup. */
    private String running(int n, String label) throws IOException {
        String id = FakeContainers.id(n);
        containers.put(FakeContainers.container(
                id,
                POD,
                FakeContainers.config("c" + n).toBuilder()
                        .putLabels("app", label)
                        .build(),
                new ContainerStatus(ContainerState.RUNNING, 1, 2, 0, 0, "", "", 42)));
        write(
                dir.resolve("state/containers").resolve(id).resolve("config.json"),
                "{\"linux\":{\"cgroupsPath\":\"" + PARENT + "/" + id + "\"}}");
        Path cg = dir.resolve("cgroup" + PARENT).resolve(id);
        write(cg.resolve("cpu.stat"), "usage_usec 1500\n");
        write(cg.resolve("memory.current"), "8192\n");
        write(cg.resolve("memory.max"), "max\n");
        write(cg.resolve("memory.stat"), "anon 4096\ninactive_file 1024\npgfault 7\npgmajfault 1\n");
        write(cg.resolve("memory.events"), "oom 0\noom_kill 0\n");
        write(dir.resolve("root/containers").resolve(id).resolve("upper/file"), "hello");
        return id;
    }

    @Test
    void containerStats_reportsCgroupNumbersAndLayer_leavingUnknownsUnset() throws IOException {
        String id = running(1, "web");
        ContainerStats s = cri().containerStats(ContainerStatsRequest.newBuilder()
                        .setContainerId(id.substring(0, 13))
                        .build())
                .getStats();
        assertThat(s.getAttributes().getId()).isEqualTo(id);
        assertThat(s.getAttributes().getMetadata().getName()).isEqualTo("c1");
        assertThat(s.getAttributes().getLabelsMap()).containsEntry("app", "web");
        assertThat(s.getCpu().getUsageCoreNanoSeconds().getValue()).isEqualTo(1_500_000);
        assertThat(s.getCpu().hasUsageNanoCores()).as("one sample only").isFalse();
        assertThat(s.getMemory().getWorkingSetBytes().getValue()).isEqualTo(7168);
        assertThat(s.getMemory().getUsageBytes().getValue()).isEqualTo(8192);
        assertThat(s.getMemory().getRssBytes().getValue()).isEqualTo(4096);
        assertThat(s.getMemory().getPageFaults().getValue()).isEqualTo(7);
        assertThat(s.getMemory().hasAvailableBytes()).as("no limit").isFalse();
        assertThat(s.getWritableLayer().getUsedBytes().getValue()).isEqualTo(5);
        assertThat(s.getWritableLayer().getInodesUsed().getValue()).isEqualTo(2);
        assertThat(s.getCpu().getTimestamp()).isPositive();
        assertThat(s.hasSwap()).as("no memory.swap.current").isFalse();
        assertThat(s.hasIo()).as("no io.pressure").isFalse();
        assertThat(s.getCpu().hasPsi()).as("no cpu.pressure").isFalse();
    }

    @Test
    void stats_carryPsiSwapAndProcesses_whereTheCgroupHasTheFiles() throws IOException {
        String id = running(1, "web");
        Path cg = dir.resolve("cgroup" + PARENT).resolve(id);
        write(
                cg.resolve("cpu.pressure"),
                "some avg10=1.50 avg60=0.50 avg300=0.10 total=2000\n"
                        + "full avg10=0.00 avg60=0.00 avg300=0.00 total=700\n");
        write(
                cg.resolve("memory.pressure"),
                "some avg10=0.00 avg60=0.00 avg300=0.00 total=30\n"
                        + "full avg10=0.00 avg60=0.00 avg300=0.00 total=10\n");
        write(cg.resolve("io.pressure"), "some avg10=2.00 avg60=0.00 avg300=0.00 total=5000\n");
        write(cg.resolve("memory.swap.current"), "4096\n");
        write(cg.resolve("memory.swap.max"), "65536\n");
        Path pod = dir.resolve("cgroup" + PARENT);
        write(pod.resolve("cpu.stat"), "usage_usec 3000\n");
        write(pod.resolve("pids.current"), "3\n");
        write(pod.resolve("pids.max"), "max\n");

        ContainerStats s = cri().containerStats(
                        ContainerStatsRequest.newBuilder().setContainerId(id).build())
                .getStats();

        assertThat(s.getCpu().getPsi().getSome().getAvg10()).isEqualTo(1.5);
        assertThat(s.getCpu().getPsi().getSome().getTotal())
                .as("kernel microseconds as nanoseconds")
                .isEqualTo(2_000_000);
        assertThat(s.getCpu().getPsi().getFull().getTotal()).isEqualTo(700_000);
        assertThat(s.getMemory().getPsi().getFull().getTotal()).isEqualTo(10_000);
        assertThat(s.getIo().getPsi().getSome().getAvg10()).isEqualTo(2.0);
        assertThat(s.getIo().getPsi().hasFull()).as("no full line").isFalse();
        assertThat(s.getSwap().getSwapUsageBytes().getValue()).isEqualTo(4096);
        assertThat(s.getSwap().getSwapAvailableBytes().getValue()).isEqualTo(65536 - 4096);
        assertThat(s.getSwap().getTimestamp()).isPositive();

        PodSandboxStats p = cri().podSandboxStats(
                        PodSandboxStatsRequest.newBuilder().setPodSandboxId(POD).build())
                .getStats();
        assertThat(p.getLinux().getProcess().getProcessCount().getValue())
                .as("pids.current")
                .isEqualTo(3);
        assertThat(p.getLinux().hasIo()).as("no io.pressure in the pod cgroup").isFalse();
        assertThat(p.getLinux().getContainers(0).getSwap().getSwapUsageBytes().getValue())
                .isEqualTo(4096);
    }

    @Test
    void listContainerStats_filters() throws IOException {
        String web = running(1, "web");
        String db = running(2, "db");
        assertThat(cri().listContainerStats(ListContainerStatsRequest.getDefaultInstance())
                        .getStatsList())
                .extracting(s -> s.getAttributes().getId())
                .containsExactly(web, db);
        assertThat(cri().listContainerStats(ListContainerStatsRequest.newBuilder()
                                .setFilter(ContainerStatsFilter.newBuilder().putLabelSelector("app", "db"))
                                .build())
                        .getStatsList())
                .extracting(s -> s.getAttributes().getId())
                .containsExactly(db);
        assertThat(cri().listContainerStats(ListContainerStatsRequest.newBuilder()
                                .setFilter(ContainerStatsFilter.newBuilder().setPodSandboxId("abc"))
                                .build())
                        .getStatsList())
                .isEmpty();
    }

    @Test
    void podSandboxStats_pod_andListWithItsContainers() throws IOException {
        String web = running(1, "web");
        write(dir.resolve("cgroup" + PARENT).resolve("cpu.stat"), "usage_usec 3000\n");
        PodSandboxStats s = cri().podSandboxStats(
                        PodSandboxStatsRequest.newBuilder().setPodSandboxId(POD).build())
                .getStats();
        assertThat(s.getAttributes().getMetadata().getUid()).isEqualTo("u1");
        assertThat(s.getAttributes().getLabelsMap()).containsEntry("tier", "front");
        assertThat(s.getLinux().getCpu().getUsageCoreNanoSeconds().getValue()).isEqualTo(3_000_000);
        assertThat(s.getLinux().hasMemory())
                .as("no memory files in the pod cgroup")
                .isFalse();
        assertThat(s.getLinux().hasNetwork()).as("host network").isFalse();
        assertThat(s.getLinux().hasProcess()).as("no pids controller").isFalse();
        assertThat(s.getLinux().getContainersList())
                .extracting(c -> c.getAttributes().getId())
                .containsExactly(web);
        assertThat(cri().listPodSandboxStats(ListPodSandboxStatsRequest.getDefaultInstance())
                        .getStatsList())
                .hasSize(1);
    }

    @Test
    void streamStats_sendEachOnceInBatchesOf100_thenEnd() throws IOException {
        for (int i = 1; i <= 101; i++) {
            running(i, i % 2 == 0 ? "even" : "odd");
        }
        List<StreamContainerStatsResponse> batches = new java.util.ArrayList<>();
        cri().streamContainerStats(StreamContainerStatsRequest.getDefaultInstance())
                .forEachRemaining(batches::add);
        assertThat(batches)
                .extracting(StreamContainerStatsResponse::getContainerStatsCount)
                .containsExactly(100, 1);
        List<StreamContainerStatsResponse> even = new java.util.ArrayList<>();
        cri().streamContainerStats(StreamContainerStatsRequest.newBuilder()
                        .setFilter(ContainerStatsFilter.newBuilder().putLabelSelector("app", "even"))
                        .build())
                .forEachRemaining(even::add);
        assertThat(even)
                .singleElement()
                .extracting(StreamContainerStatsResponse::getContainerStatsCount)
                .isEqualTo(50);
        List<StreamPodSandboxStatsResponse> pods = new java.util.ArrayList<>();
        cri().streamPodSandboxStats(StreamPodSandboxStatsRequest.getDefaultInstance())
                .forEachRemaining(pods::add);
        assertThat(pods)
                .singleElement()
                .satisfies(p -> assertThat(p.getPodSandboxStats(0).getLinux().getContainersCount())
                        .isEqualTo(101));
    }

    @Test
    void metrics_descriptorsThenPodAndContainerSamples_inCadvisorsShape() throws IOException {
        String web = running(1, "web");
        write(dir.resolve("cgroup" + PARENT).resolve(web).resolve("cpu.stat"), "usage_usec 4200000\n");
        write(
                dir.resolve("cgroup" + PARENT).resolve(web).resolve("memory.pressure"),
                "some avg10=0.00 avg60=0.00 avg300=0.00 total=2000000\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n");
        write(dir.resolve("cgroup" + PARENT).resolve("cpu.stat"), "usage_usec 9000000\n");

        Map<String, MetricDescriptor> descriptors = new java.util.HashMap<>();
        cri().listMetricDescriptors(ListMetricDescriptorsRequest.getDefaultInstance())
                .getDescriptorsList()
                .forEach(d -> descriptors.put(d.getName(), d));
        assertThat(descriptors.get("container_cpu_usage_seconds_total").getLabelKeysList())
                .containsExactly("container", "id", "image", "name", "namespace", "pod", "cpu");
        assertThat(descriptors.get("container_network_receive_bytes_total").getLabelKeysList())
                .endsWith("interface");
        assertThat(descriptors.get("container_memory_working_set_bytes").getHelp())
                .isNotEmpty();

        List<PodSandboxMetrics> listed = cri().listPodSandboxMetrics(ListPodSandboxMetricsRequest.getDefaultInstance())
                .getPodMetricsList();
        assertThat(listed).singleElement().satisfies(p -> {
            assertThat(p.getPodSandboxId()).isEqualTo(POD);
            assertThat(metric(p.getMetricsList(), "container_cpu_usage_seconds_total")
                            .getValue()
                            .getValue())
                    .as("the pod cgroup")
                    .isEqualTo(9);
            assertThat(p.getContainerMetricsList()).singleElement().satisfies(c -> {
                assertThat(c.getContainerId()).isEqualTo(web);
                Metric cpu = metric(c.getMetricsList(), "container_cpu_usage_seconds_total");
                assertThat(cpu.getValue().getValue()).isEqualTo(4);
                assertThat(cpu.getMetricType()).isEqualTo(MetricType.COUNTER);
                assertThat(cpu.getLabelValuesList())
                        .containsExactly(
                                "c1", PARENT + "/" + web, cpu.getLabelValues(2), web, "default", "web", "total");
                assertThat(metric(c.getMetricsList(), "container_memory_working_set_bytes")
                                .getValue()
                                .getValue())
                        .isEqualTo(7168);
                assertThat(metric(c.getMetricsList(), "container_memory_working_set_bytes")
                                .getMetricType())
                        .isEqualTo(MetricType.GAUGE);
                assertThat(metric(c.getMetricsList(), "container_pressure_memory_waiting_seconds_total")
                                .getValue()
                                .getValue())
                        .isEqualTo(2);
                c.getMetricsList()
                        .forEach(m -> assertThat(m.getLabelValuesCount())
                                .as(m.getName())
                                .isEqualTo(descriptors.get(m.getName()).getLabelKeysCount()));
            });
            p.getMetricsList()
                    .forEach(m -> assertThat(m.getLabelValuesCount())
                            .as(m.getName())
                            .isEqualTo(descriptors.get(m.getName()).getLabelKeysCount()));
        });

        List<StreamPodSandboxMetricsResponse> streamed = new java.util.ArrayList<>();
        cri().streamPodSandboxMetrics(StreamPodSandboxMetricsRequest.getDefaultInstance())
                .forEachRemaining(streamed::add);
        assertThat(streamed)
                .singleElement()
                .satisfies(r -> assertThat(r.getPodSandboxMetricsList())
                        .extracting(PodSandboxMetrics::getPodSandboxId)
                        .containsExactly(POD));
    }

    private static Metric metric(List<Metric> metrics, String name) {
        List<Metric> found =
                metrics.stream().filter(m -> m.getName().equals(name)).toList();
        assertThat(found).as(name).hasSize(1);
        return found.get(0);
    }

    @Test
    void badRequests_getTheRightCodes() {
        assertThatThrownBy(() -> cri().containerStats(ContainerStatsRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
        assertThatThrownBy(() -> cri().containerStats(ContainerStatsRequest.newBuilder()
                        .setContainerId("ff")
                        .build()))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
        assertThatThrownBy(() -> cri().podSandboxStats(PodSandboxStatsRequest.newBuilder()
                        .setPodSandboxId("ff")
                        .build()))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    }

    @Test
    void runtimeConfig_reportsTheDriverInUse() {
        assertThat(cri().runtimeConfig(RuntimeConfigRequest.getDefaultInstance())
                        .getLinux()
                        .getCgroupDriver())
                .isEqualTo(CgroupDriver.SYSTEMD);
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}

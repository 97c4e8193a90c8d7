package dev.cortado.cri.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.cri.container.ContainerFilter;
import dev.cortado.cri.container.ContainerState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ListContainerStats' domain side for 10 and 100 running containers on a fake cgroupfs (every
 * memory file present, 20 files in each writable layer): the per-second cost kubelet puts on us.
 * "warm" reuses the cached layer sizes (kubelet's every second), "cold" walks every layer (once
 * per {@link StatsService#LAYER_TTL}). The bound asserted is loose (a loaded 2-core machine); the
 * numbers are printed for the README.
 */
class ListContainerStatsBenchmarkTest {
    private static final String POD = "e".repeat(64);

    @TempDir
    Path dir;

    @Test
    void listOf10And100Containers_staysWellUnderASecond() {
        for (int count : new int[] {10, 100}) {
            FakeNode node = new FakeNode(dir.resolve("n" + count));
            ListedContainers containers = new ListedContainers();
            for (int i = 0; i < count; i++) {
                String id = ListedContainers.id(i + 1);
                containers.put(ListedContainers.container(id, POD, ContainerState.RUNNING, 100 + i, Map.of()));
                node.bundle(id, "/kubepods/pod/" + id);
                node.cpu("/kubepods/pod/" + id, 1000L * i);
                node.memory("/kubepods/pod/" + id, 1 << 20, 1 << 10, 1 << 19, 1 << 24);
                for (int f = 0; f < 20; f++) {
                    node.layerFile(id, "f" + f, 100);
                }
            }
            StatsService stats = node.service(containers, null, true);
            for (int i = 0; i < 20; i++) { // warm-up
                assertThat(stats.containers(ContainerFilter.ALL)).hasSize(count);
            }
            List<Long> warm = time(stats, 50, node, Duration.ofMillis(1));
            List<Long> cold = time(stats, 20, node, StatsService.LAYER_TTL);
            System.out.printf(
                    "ListContainerStats (domain side, fake cgroupfs) %d containers: warm p50 %.2f ms p99 %.2f"
                            + " ms; cold (layers walked) p50 %.2f ms p99 %.2f ms%n",
                    count, ms(warm, 50), ms(warm, 99), ms(cold, 50), ms(cold, 99));
            assertThat(ms(warm, 50)).isLessThan(500);
        }
    }

    /** ListPodSandboxMetrics' domain side: one pod of 100 containers, every file above plus PSI and io.stat. */
    @Test
    void podMetricsOf100Containers_staysWellUnderASecond() {
        FakeNode node = new FakeNode(dir.resolve("metrics"));
        ListedContainers containers = new ListedContainers();
        for (int i = 0; i < 100; i++) {
            String id = ListedContainers.id(i + 1);
            String cg = "/kubepods/pod/" + id;
            containers.put(ListedContainers.container(id, POD, ContainerState.RUNNING, 100 + i, Map.of()));
            node.bundle(id, cg);
            node.cpu(cg, 1000L * i);
            node.memory(cg, 1 << 20, 1 << 10, 1 << 19, 1 << 24);
            FakeNode.write(node.dir(cg).resolve("cpu.pressure"), "some avg10=0.00 avg60=0.00 avg300=0.00 total=9\n");
            FakeNode.write(node.dir(cg).resolve("io.stat"), "8:0 rbytes=1 wbytes=2 rios=3 wios=4 dbytes=0 dios=0\n");
            FakeNode.write(node.dir(cg).resolve("cgroup.procs"), (200 + i) + "\n");
            node.layerFile(id, "f", 100);
        }
        node.cpu("/kubepods/pod", 5000);
        PodSource pods = new PodSource() {
            private final dev.cortado.cri.sandbox.Sandbox pod = StatsServiceTest.pod(POD, "", "/kubepods/pod");

            @Override
            public dev.cortado.cri.sandbox.Sandbox get(String idOrPrefix) {
                return pod;
            }

            @Override
            public List<dev.cortado.cri.sandbox.Sandbox> list(dev.cortado.cri.sandbox.SandboxFilter filter) {
                return List.of(pod);
            }
        };
        StatsService stats = node.service(containers, pods, true);
        for (int i = 0; i < 20; i++) { // warm-up
            assertThat(stats.metrics())
                    .singleElement()
                    .satisfies(p -> assertThat(p.containers()).hasSize(100));
        }
        List<Long> warm = new ArrayList<>();
        int samples = 0;
        for (int i = 0; i < 50; i++) {
            node.advance(Duration.ofMillis(1));
            long t0 = System.nanoTime();
            List<PodMetrics> m = stats.metrics();
            warm.add(System.nanoTime() - t0);
            samples = m.get(0).containers().stream()
                            .mapToInt(c -> c.metrics().size())
                            .sum()
                    + m.get(0).metrics().size();
        }
        Collections.sort(warm);
        System.out.printf(
                "ListPodSandboxMetrics (domain side, fake cgroupfs) 1 pod, 100 containers, %d samples: p50 %.2f"
                        + " ms p99 %.2f ms%n",
                samples, ms(warm, 50), ms(warm, 99));
        assertThat(ms(warm, 50)).isLessThan(1000);
    }

    private static List<Long> time(StatsService stats, int rounds, FakeNode node, Duration step) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            node.advance(step);
            long t0 = System.nanoTime();
            stats.containers(ContainerFilter.ALL);
            out.add(System.nanoTime() - t0);
        }
        Collections.sort(out);
        return out;
    }

    private static double ms(List<Long> sorted, int percentile) {
        int i = Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1);
        return sorted.get(i) / 1e6;
    }
}

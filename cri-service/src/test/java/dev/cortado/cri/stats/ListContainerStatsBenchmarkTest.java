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
            System.out.printf("ListContainerStats (domain side, fake cgroupfs) %d containers: warm p50 %.2f ms p99 %.2f"
                    + " ms; cold (layers walked) p50 %.2f ms p99 %.2f ms%n", count, ms(warm, 50), ms(warm, 99),
                    ms(cold, 50), ms(cold, 99));
            assertThat(ms(warm, 50)).isLessThan(500);
        }
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

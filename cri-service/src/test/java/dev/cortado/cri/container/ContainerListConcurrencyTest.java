package dev.cortado.cri.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.cri.store.SqliteMetadataStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ListContainers and ContainerStatus while CreateContainer, StartContainer and RemoveContainer run
 * on the durable store: a list never shows a container before its create finished (no task, no
 * pid), never misses one whose create returned and whose removal has not begun, and its filters
 * agree with the unfiltered list.
 */
class ContainerListConcurrencyTest {
    private static final int WRITERS = 2;
    private static final int EACH = 24;

    @TempDir
    Path dir;

    @Test
    void listsWhileCreatesAndRemovesRun_neverShowHalfACreate_neverMissOneThatExists() throws Exception {
        try (ContainerFixture f = new ContainerFixture(dir, SqliteMetadataStore.open(dir.resolve("cortado.db")))) {
            Set<String> existing = ConcurrentHashMap.newKeySet();
            AtomicBoolean done = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 1);
            try {
                List<Future<?>> writers = new ArrayList<>();
                for (int w = 0; w < WRITERS; w++) {
                    String prefix = "w" + w + "-";
                    writers.add(pool.submit(() -> churn(f, prefix, existing)));
                }
                Future<Integer> reader = pool.submit(() -> {
                    int lists = 0;
                    while (!done.get() || lists < 10) {
                        check(f, Set.copyOf(existing));
                        lists++;
                    }
                    return lists;
                });
                for (Future<?> w : writers) {
                    w.get(120, TimeUnit.SECONDS);
                }
                done.set(true);
                assertThat(reader.get(60, TimeUnit.SECONDS)).isPositive();
            } finally {
                done.set(true);
                pool.shutdownNow();
            }
            assertThat(f.service.list(ContainerFilter.ALL))
                    .extracting(Container::id)
                    .containsExactlyInAnyOrderElementsOf(existing);
        }
    }

    /** Creates and starts containers, removing every third one again. */
    private static Void churn(ContainerFixture f, String prefix, Set<String> existing) {
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < EACH; i++) {
            Container c = f.service.create(
                    f.podId,
                    ContainerFixture.config(prefix + i)
                            .putLabels("writer", prefix)
                            .build(),
                    ContainerFixture.podConfig());
            existing.add(c.id());
            mine.add(c.id());
            f.service.start(c.id());
            if (i % 3 == 2) {
                String gone = mine.remove(0);
                existing.remove(gone); // its removal begins now: a list may or may not show it
                f.service.remove(gone);
            }
        }
        return null;
    }

    private static void check(ContainerFixture f, Set<String> existedBefore) {
        List<Container> all = f.service.list(ContainerFilter.ALL);
        List<String> ids = all.stream().map(Container::id).toList();
        assertThat(ids).as("containers whose create returned").containsAll(existedBefore);
        for (Container c : all) {
            if (c.state() != ContainerState.EXITED) {
                assertThat(c.status().pid())
                        .as("%s was listed before its task existed", c.id())
                        .isPositive();
            }
            assertThat(c.status().createdAtNanos()).isPositive();
        }
        ContainerFilter w0Running =
                new ContainerFilter("", Optional.of(ContainerState.RUNNING), "", Map.of("writer", "w0-"));
        List<Container> filtered = f.service.list(w0Running);
        assertThat(filtered).allSatisfy(c -> {
            assertThat(c.state()).isEqualTo(ContainerState.RUNNING);
            assertThat(c.config().getLabelsMap()).containsEntry("writer", "w0-");
        });
        for (String id : existedBefore) {
            if (f.service
                    .list(new ContainerFilter(id.substring(0, 20), Optional.empty(), "", Map.of()))
                    .isEmpty()) {
                assertThat(f.service.list(ContainerFilter.ALL))
                        .as("a prefix filter missed %s, which still exists", id)
                        .noneMatch(c -> c.id().equals(id));
            }
        }
    }
}

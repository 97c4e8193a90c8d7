package dev.cortado.cri.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.cri.runtime.ProcessState;
import dev.cortado.cri.store.SqliteMetadataStore;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Container records survive closing and reopening the real SQLite store, names included. */
class ContainerSqliteRestartTest {
    @TempDir
    Path dir;

    @Test
    void recordsAndNames_surviveAReopenedStore() throws Exception {
        Path db = dir.resolve("cortado.db");
        ContainerFixture f = new ContainerFixture(dir.resolve("a"), SqliteMetadataStore.open(db));
        Container running = f.service.create(
                f.podId,
                ContainerFixture.config("web")
                        .putLabels("app", "web")
                        .putAnnotations("note", "kept")
                        .build(),
                ContainerFixture.podConfig());
        f.service.start(running.id());
        Container exited = f.running("job");
        f.service.stop(exited.id(), Duration.ZERO);
        String podId = f.podId;
        java.util.List<Container> listedBefore = f.service.list(ContainerFilter.ALL);
        f.close();

        ContainerFixture g = new ContainerFixture(dir.resolve("a"), SqliteMetadataStore.open(db));
        assertThat(g.service.list(ContainerFilter.ALL))
                .as("the in-memory index rebuilt from the store lists what was listed before")
                .isEqualTo(listedBefore)
                .hasSize(2);
        g.pods.clear();
        g.addPod(podId, true);
        g.tasks.recovered.put(running.id(), FakeTasks.state(running.id(), ProcessState.Status.RUNNING, 0));
        g.service.recover();
        Container again = g.service.status(running.id());
        assertThat(again.state()).isEqualTo(ContainerState.RUNNING);
        assertThat(again.config().getLabelsMap()).containsEntry("app", "web");
        assertThat(again.config().getAnnotationsMap()).containsEntry("note", "kept");
        assertThat(again.status().startedAtNanos()).isPositive();
        assertThat(g.service.status(exited.id()).status().exitCode()).isEqualTo(137);
        g.service.remove(running.id());
        assertThat(g.service
                        .create(podId, ContainerFixture.config("web").build(), ContainerFixture.podConfig())
                        .name())
                .as("the name was released in the reopened store")
                .isEqualTo("web");
        g.close();
    }
}

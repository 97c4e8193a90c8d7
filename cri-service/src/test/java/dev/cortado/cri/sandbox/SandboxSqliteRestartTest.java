package dev.cortado.cri.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.cri.store.SqliteMetadataStore;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pods survive a restart on the real SQLite store: records, names, state and IPs. */
class SandboxSqliteRestartTest {
    @TempDir
    Path dir;

    @Test
    void restart_onSqlite_keepsPodsNamesAndState() throws Exception {
        Path db = dir.resolve("cortado.db");
        Sandbox ready;
        Sandbox stopped;
        List<Sandbox> listedBefore;
        try (SqliteMetadataStore store = SqliteMetadataStore.open(db)) {
            SandboxService service = new SandboxFixture(dir, store).service();
            ready = service.run(SandboxFixture.pod("a")
                    .labels(Map.of("k", "v"))
                    .dns(new DnsConfig(List.of("10.0.0.10"), List.of(), List.of()))
                    .build());
            stopped = service.run(SandboxFixture.pod("b").build());
            service.stop(stopped.id());
            listedBefore = service.list(SandboxFilter.ALL);
        }
        try (SqliteMetadataStore store = SqliteMetadataStore.open(db)) {
            SandboxFixture fixture = new SandboxFixture(dir, store);
            fixture.init.alive.add(ready.namespaces().initPid());
            SandboxService service = fixture.service();
            assertThat(service.list(SandboxFilter.ALL))
                    .as("the in-memory index rebuilt from the file lists what was listed before")
                    .isEqualTo(listedBefore)
                    .hasSize(2);
            assertThat(service.recover()).isZero();
            assertThat(service.status(ready.id())).isEqualTo(ready);
            assertThat(service.status(stopped.id()).state()).isEqualTo(SandboxState.NOTREADY);
            assertThatThrownBy(() -> service.run(SandboxFixture.pod("a").build()))
                    .isInstanceOfSatisfying(
                            CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.ALREADY_EXISTS));
            service.remove(ready.id());
            service.remove(stopped.id());
            assertThat(service.list(SandboxFilter.ALL)).isEmpty();
        }
    }
}

package dev.cortado.cri.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.api.cri.v1.LinuxContainerConfig;
import dev.cortado.api.cri.v1.LinuxContainerResources;
import dev.cortado.cri.runtime.ProcessState;
import dev.cortado.cri.store.SqliteMetadataStore;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** UpdateContainerResources: validated, applied to the task, kept in the record, undone when keeping fails. */
class ResourceUpdateTest {
    private static final LinuxContainerResources START = LinuxContainerResources.newBuilder()
            .setCpuShares(512)
            .setCpuQuota(50_000)
            .setCpuPeriod(100_000)
            .setMemoryLimitInBytes(64 << 20)
            .build();

    @TempDir
    Path dir;

    private ContainerFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new ContainerFixture(dir);
    }

    @AfterEach
    void tearDown() throws Exception {
        f.close();
    }

    private Container runningWithLimits() {
        Container c = f.service.create(
                f.podId,
                ContainerFixture.config("web")
                        .setLinux(LinuxContainerConfig.newBuilder().setResources(START))
                        .build(),
                ContainerFixture.podConfig());
        f.service.start(c.id());
        f.tasks.calls.clear();
        return c;
    }

    @Test
    void running_newQuotaAppliedToTheTask_andMergedIntoTheRecord() throws Exception {
        Container c = runningWithLimits();
        f.service.updateResources(
                c.id().substring(0, 12),
                LinuxContainerResources.newBuilder().setCpuQuota(150_000).build());

        assertThat(f.tasks.calls)
                .singleElement()
                .asString()
                .startsWith("update " + c.id())
                .contains("\"quota\":150000", "\"period\":100000", "\"shares\":512", "\"limit\":67108864")
                .doesNotContain("devices");
        LinuxContainerResources kept =
                f.service.status(c.id()).config().getLinux().getResources();
        assertThat(kept.getCpuQuota()).isEqualTo(150_000);
        assertThat(kept.getCpuShares())
                .as("zero keeps the current value, as containerd")
                .isEqualTo(512);
        assertThat(kept.getMemoryLimitInBytes()).isEqualTo(64 << 20);
        JsonNode resources = specResources(c.id());
        assertThat(resources.path("cpu").path("quota").asLong())
                .as("config.json rewritten")
                .isEqualTo(150_000);
        assertThat(resources.path("cpu").path("shares").asLong()).isEqualTo(512);
        assertThat(resources.path("memory").path("limit").asLong()).isEqualTo(64 << 20);
        assertThat(resources.path("devices").isArray()).as("device rules kept").isTrue();
        assertThat(resources.path("devices").size()).isPositive();
        assertThat(Files.exists(f.bundle(c.id()).resolve("config.json.tmp"))).isFalse();
    }

    @Test
    void specCannotBeWritten_taskGetsItsPreviousResourcesBack_recordAndSpecUnchanged() throws Exception {
        Container c = runningWithLimits();
        byte[] before = Files.readAllBytes(f.bundle(c.id()).resolve("config.json"));
        Files.createDirectories(f.bundle(c.id()).resolve("config.json.tmp")); // the temp file cannot be created

        assertThatThrownBy(() -> f.service.updateResources(
                        c.id(),
                        LinuxContainerResources.newBuilder()
                                .setCpuQuota(150_000)
                                .build()))
                .isInstanceOfSatisfying(CortadoException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INTERNAL);
                    assertThat(e.getMessage()).contains("config.json");
                });
        assertThat(f.tasks.calls).hasSize(2);
        assertThat(f.tasks.calls.get(1)).as("undone").contains("\"quota\":50000");
        assertThat(f.service.status(c.id()).config().getLinux().getResources()).isEqualTo(START);
        assertThat(Files.readAllBytes(f.bundle(c.id()).resolve("config.json"))).isEqualTo(before);
    }

    private JsonNode specResources(String id) throws Exception {
        return JsonMapper.builder()
                .build()
                .readTree(Files.readAllBytes(f.bundle(id).resolve("config.json")))
                .path("linux")
                .path("resources");
    }

    @Test
    void created_isUpdatedToo_itsTaskExists() {
        Container c = f.create("new");
        f.service.updateResources(
                c.id(),
                LinuxContainerResources.newBuilder()
                        .setMemoryLimitInBytes(32 << 20)
                        .build());
        assertThat(f.service.status(c.id()).config().getLinux().getResources().getMemoryLimitInBytes())
                .isEqualTo(32 << 20);
    }

    @Test
    void exited_isFailedPrecondition_andNothingChanges() {
        Container c = runningWithLimits();
        f.service.stop(c.id(), Duration.ZERO);
        f.awaitState(c.id(), ContainerState.EXITED);
        f.tasks.calls.clear();

        assertThatThrownBy(() -> f.service.updateResources(
                        c.id(),
                        LinuxContainerResources.newBuilder().setCpuQuota(1000).build()))
                .isInstanceOfSatisfying(CortadoException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.FAILED_PRECONDITION);
                    assertThat(e.getMessage()).contains(c.id(), "EXITED");
                });
        assertThat(f.tasks.calls).noneMatch(call -> call.startsWith("update"));
    }

    @Test
    void invalid_isInvalidArgument_beforeTheTaskIsTouched() {
        Container c = runningWithLimits();
        assertThatThrownBy(() -> f.service.updateResources(
                        c.id(),
                        LinuxContainerResources.newBuilder()
                                .setMemoryLimitInBytes(-5)
                                .build()))
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT));
        assertThat(f.tasks.calls).isEmpty();
        assertThat(f.service.status(c.id()).config().getLinux().getResources()).isEqualTo(START);
    }

    @Test
    void taskRefuses_recordUnchanged() throws Exception {
        Container c = runningWithLimits();
        byte[] before = Files.readAllBytes(f.bundle(c.id()).resolve("config.json"));
        f.tasks.failures.put("update", CortadoException.failedPrecondition("cpu controller missing"));
        assertThatThrownBy(() -> f.service.updateResources(
                        c.id(),
                        LinuxContainerResources.newBuilder().setCpuQuota(1000).build()))
                .hasMessageContaining("cpu controller missing");
        assertThat(f.service.status(c.id()).config().getLinux().getResources()).isEqualTo(START);
        assertThat(Files.readAllBytes(f.bundle(c.id()).resolve("config.json"))).isEqualTo(before);
    }

    @Test
    void storeFails_taskGetsItsPreviousResourcesBack_andTheSpecItsBytes() throws Exception {
        Container c = runningWithLimits();
        byte[] before = Files.readAllBytes(f.bundle(c.id()).resolve("config.json"));
        f.store.failTransaction(1);
        assertThatThrownBy(() -> f.service.updateResources(
                        c.id(),
                        LinuxContainerResources.newBuilder()
                                .setCpuQuota(150_000)
                                .build()))
                .hasMessageContaining("injected store failure");
        assertThat(f.tasks.calls).hasSize(2);
        assertThat(f.tasks.calls.get(0)).contains("\"quota\":150000");
        assertThat(f.tasks.calls.get(1)).as("undone").contains("\"quota\":50000");
        assertThat(f.service.status(c.id()).config().getLinux().getResources()).isEqualTo(START);
        assertThat(Files.readAllBytes(f.bundle(c.id()).resolve("config.json"))).isEqualTo(before);
    }

    @Test
    void updatedResources_surviveADaemonRestart() throws Exception {
        Path db = dir.resolve("cortado.db");
        ContainerFixture a = new ContainerFixture(dir.resolve("a"), SqliteMetadataStore.open(db));
        Container c = a.service.create(
                a.podId,
                ContainerFixture.config("web")
                        .setLinux(LinuxContainerConfig.newBuilder().setResources(START))
                        .build(),
                ContainerFixture.podConfig());
        a.service.start(c.id());
        a.service.updateResources(
                c.id(),
                LinuxContainerResources.newBuilder().setCpuQuota(200_000).build());
        String podId = a.podId;
        a.close();

        ContainerFixture b = new ContainerFixture(dir.resolve("a"), SqliteMetadataStore.open(db));
        try {
            b.pods.clear();
            b.addPod(podId, true);
            b.tasks.recovered.put(c.id(), FakeTasks.state(c.id(), ProcessState.Status.RUNNING, 0));
            b.service.recover();
            assertThat(b.service
                            .status(c.id())
                            .config()
                            .getLinux()
                            .getResources()
                            .getCpuQuota())
                    .isEqualTo(200_000);
        } finally {
            b.close();
        }
    }

    @Test
    void merge_followsContainerd() {
        LinuxContainerResources merged = ResourceUpdater.merge(
                START.toBuilder()
                        .setCpusetCpus("0")
                        .putUnified("memory.high", "1000")
                        .build(),
                LinuxContainerResources.newBuilder()
                        .setCpusetCpus("0-1")
                        .putUnified("memory.high", "2000")
                        .setOomScoreAdj(500)
                        .build());
        assertThat(merged.getCpusetCpus()).isEqualTo("0-1");
        assertThat(merged.getUnifiedMap()).containsEntry("memory.high", "2000");
        assertThat(merged.getOomScoreAdj())
                .as("not a cgroup setting: the process keeps its own")
                .isZero();
        assertThat(merged.getCpuPeriod()).isEqualTo(100_000);
    }
}

package dev.cortado.shim.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.cgroups.controller.DroppedLimit;
import dev.cortado.cgroups.resources.OciLinuxResources;
import dev.cortado.shim.io.StdioPaths;
import dev.cortado.shim.options.LimitPolicy;
import dev.cortado.shim.options.ShimOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code UnenforceableLimits}: the task's option, else the node's, reaches the launcher; under
 * "warn" the limits the launcher left out show in the task's info, after a restart too.
 */
class UnenforceableLimitsTest {
    private static final String REASON = "the cgroup v2 cpu controller is not available in cgroup mode hybrid";
    private static final DroppedLimit WEIGHT = new DroppedLimit("cpu", "cpu.weight", "1", REASON);

    @TempDir
    Path tmp;

    private TaskFixture f;
    private final TaskKey key = new TaskKey("ns", "c1");

    @BeforeEach
    void setUp() throws Exception {
        f = new TaskFixture(tmp);
        f.processes.dropOnCreate = List.of(WEIGHT);
    }

    private static ShimOptions limits(Optional<LimitPolicy> policy) {
        return new ShimOptions(0, 0, "", false, false, ShimOptions.Protocol.TTRPC, policy);
    }

    private void create(ShimOptions options) {
        f.service.create(new CreateTask(key, f.bundle, List.of(), StdioPaths.none(), options));
    }

    private LimitPolicy launchedWith() {
        return f.processes.optionsOf.get(f.store.processDir(key, "")).unenforceableLimits();
    }

    @Test
    void byDefault_limitsAreRefused_andNothingIsReportedDropped() {
        create(ShimOptions.DEFAULTS);

        assertThat(launchedWith()).isEqualTo(LimitPolicy.REFUSE);
        assertThat(f.service.info(key)).isEqualTo(new TaskInfo(LimitPolicy.REFUSE, List.of()));
    }

    @Test
    void warnOption_taskRunsAndItsInfoListsEachDroppedLimit() {
        create(limits(Optional.of(LimitPolicy.WARN)));

        assertThat(launchedWith()).isEqualTo(LimitPolicy.WARN);
        assertThat(f.service.info(key)).isEqualTo(new TaskInfo(LimitPolicy.WARN, List.of(WEIGHT)));
    }

    @Test
    void nodePolicy_appliesWhenTheOptionsLeaveItOpen_andTheTasksOptionWins() {
        f.nodePolicy = LimitPolicy.WARN;
        create(ShimOptions.DEFAULTS);
        assertThat(launchedWith()).isEqualTo(LimitPolicy.WARN);

        TaskKey other = new TaskKey("ns", "c2");
        f.service.create(
                new CreateTask(other, f.bundle, List.of(), StdioPaths.none(), limits(Optional.of(LimitPolicy.REFUSE))));
        assertThat(f.service.info(other).unenforceableLimits()).isEqualTo(LimitPolicy.REFUSE);
        assertThat(f.service.info(other).droppedLimits()).isEmpty();
    }

    @Test
    void droppedLimitsAndPolicy_surviveARestart() {
        create(limits(Optional.of(LimitPolicy.WARN)));
        TaskRegistry registry = new TaskRegistry();

        TaskService restarted = f.restarted(registry, new RecordingEvents());

        assertThat(restarted.info(key)).isEqualTo(new TaskInfo(LimitPolicy.WARN, List.of(WEIGHT)));
    }

    @Test
    void update_underWarn_replacesTheEntryOfTheSameFile_andAddsNewOnes() {
        create(limits(Optional.of(LimitPolicy.WARN)));
        f.service.start(key, "");
        DroppedLimit newWeight = new DroppedLimit("cpu", "cpu.weight", "10", REASON);
        DroppedLimit memory = new DroppedLimit("memory", "memory.max", "1000", "no memory controller");
        f.cgroups.dropOnUpdate = List.of(newWeight, memory);

        f.resources.update(key, OciLinuxResources.builder().build());

        assertThat(f.cgroups.lastPolicy).isEqualTo(LimitPolicy.WARN);
        assertThat(f.service.info(key).droppedLimits()).containsExactly(newWeight, memory);
        assertThat(f.store.loadAll())
                .singleElement()
                .satisfies(r -> assertThat(r.droppedLimits()).containsExactly(newWeight, memory));
    }
}

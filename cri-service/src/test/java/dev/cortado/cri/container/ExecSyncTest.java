package dev.cortado.cri.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.cri.logs.ContainerIo.Captured;
import dev.cortado.cri.runtime.ExecProcess;
import dev.cortado.errors.ErrorKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** ExecSync: the container's process with other args, captured output, exit codes, timeouts. */
class ExecSyncTest {
    @TempDir
    Path dir;

    ContainerFixture f;
    Container c;

    @BeforeEach
    void setUp() throws Exception {
        f = new ContainerFixture(dir);
        c = f.running("exec");
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void execSync_returnsOutputAndExitCode_andCleansUp() {
        f.io.outputs.put("stdout", new Captured("hello".getBytes(StandardCharsets.UTF_8), false));
        f.io.outputs.put("stderr", new Captured("warn".getBytes(StandardCharsets.UTF_8), true));
        f.tasks.execExitCode = 3;
        ExecSyncResult r = f.service.execSync(c.id(), List.of("echo", "-n", "hello"), Duration.ofSeconds(30));
        assertThat(new String(r.stdout(), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(new String(r.stderr(), StandardCharsets.UTF_8)).isEqualTo("warn");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stdoutTruncated()).isFalse();
        assertThat(r.stderrTruncated()).isTrue();
        assertThat(f.io.captured).hasSize(2).allSatisfy(p -> assertThat(p).doesNotExist());
        assertThat(f.tasks.live).containsExactly(c.id() + "/");
        assertThat(f.tasks.calls).anyMatch(call -> call.startsWith("delete " + c.id() + " ") && call.length() > 80);
        assertThat(f.service.status(c.id()).state())
                .as("an exec's exit is not the container's")
                .isEqualTo(ContainerState.RUNNING);
    }

    @Test
    void execSync_processIsTheContainersWithNewArgsAndNoTerminal() throws Exception {
        f.service.execSync(c.id(), List.of("sh", "-c", "id"), Duration.ofSeconds(5));
        ExecProcess exec = f.tasks.execs.values().iterator().next();
        JsonNode process = JsonMapper.builder().build().readTree(exec.processSpecJson());
        assertThat(process.get("args").toString()).isEqualTo("[\"sh\",\"-c\",\"id\"]");
        assertThat(process.get("terminal").asBoolean()).isFalse();
        JsonNode spec = JsonMapper.builder()
                .build()
                .readTree(Files.readString(f.bundle(c.id()).resolve("config.json")));
        assertThat(process.get("env")).isEqualTo(spec.get("process").get("env"));
        assertThat(process.get("user")).isEqualTo(spec.get("process").get("user"));
        assertThat(exec.stdio().stdout())
                .startsWith(f.bundle(c.id()).resolve("exec").toString());
    }

    @Test
    void execSync_pastItsTimeout_isDeadlineExceededAndTheExecIsKilledAndDeleted() {
        f.tasks.execHangs = true;
        long start = System.nanoTime();
        assertThatThrownBy(() -> f.service.execSync(c.id(), List.of("sleep", "4321"), Duration.ofMillis(200)))
                .hasFieldOrPropertyWithValue("kind", ErrorKind.DEADLINE_EXCEEDED)
                .hasMessageContaining("sleep");
        assertThat((System.nanoTime() - start) / 1_000_000).isBetween(200L, 5_000L);
        String execId = f.tasks.execs.keySet().iterator().next();
        assertThat(f.tasks.calls)
                .containsSubsequence("kill " + c.id() + " " + execId + " 9 false", "delete " + c.id() + " " + execId);
        assertThat(f.tasks.live).containsExactly(c.id() + "/");
        assertThat(f.io.captured).allSatisfy(p -> assertThat(p).doesNotExist());
    }

    @Test
    void execSync_inAContainerThatIsNotRunning_isFailedPrecondition() {
        f.service.stop(c.id(), Duration.ZERO);
        assertThatThrownBy(() -> f.service.execSync(c.id(), List.of("true"), Duration.ZERO))
                .hasFieldOrPropertyWithValue("kind", ErrorKind.FAILED_PRECONDITION)
                .hasMessageContaining("EXITED");
        assertThatThrownBy(() -> f.service.execSync("0123456789ab", List.of("true"), Duration.ZERO))
                .hasFieldOrPropertyWithValue("kind", ErrorKind.NOT_FOUND);
    }

    @Test
    void execSync_withoutCommand_isInvalidArgument() {
        assertThatThrownBy(() -> f.service.execSync(c.id(), List.of(), Duration.ZERO))
                .hasFieldOrPropertyWithValue("kind", ErrorKind.INVALID_ARGUMENT);
    }

    @Test
    void execSync_thatTheShimRefuses_isDeletedAndFifosRemoved() {
        f.tasks.failures.put("startExec", dev.cortado.errors.CortadoException.failedPrecondition("no such file"));
        assertThatThrownBy(() -> f.service.execSync(c.id(), List.of("nope"), Duration.ofSeconds(1)))
                .hasMessageContaining("no such file");
        assertThat(f.tasks.live).containsExactly(c.id() + "/");
        assertThat(f.io.captured).allSatisfy(p -> assertThat(p).doesNotExist());
    }
}

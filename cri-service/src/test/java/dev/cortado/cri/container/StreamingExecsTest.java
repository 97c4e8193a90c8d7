package dev.cortado.cri.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.cri.logs.Fifos;
import dev.cortado.errors.ErrorKind;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checks made when an Exec URL is handed out and again when its session starts. */
class StreamingExecsTest {
    @TempDir
    Path dir;

    ContainerFixture f;
    StreamingExecs execs;

    @BeforeEach
    void setUp() throws Exception {
        f = new ContainerFixture(dir);
        execs = new StreamingExecs(f.service, f.parts, new Fifos() {
            @Override
            public FifoStream openForReading(Path fifo) {
                throw new AssertionError("no fifo is opened for a refused exec");
            }

            @Override
            public FifoSink openForWriting(Path fifo) {
                throw new AssertionError("no fifo is opened for a refused exec");
            }
        });
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void requireRunning_unknownContainer_isNotFound() {
        assertThatThrownBy(() -> execs.requireRunning("nosuch"))
                .hasFieldOrPropertyWithValue("kind", ErrorKind.NOT_FOUND);
    }

    @Test
    void requireRunning_createdContainer_isFailedPrecondition_andRunningOneByPrefixPasses() {
        Container created = f.create("created");
        assertThatThrownBy(() -> execs.requireRunning(created.id()))
                .hasFieldOrPropertyWithValue("kind", ErrorKind.FAILED_PRECONDITION)
                .hasMessageContaining("CREATED");
        Container running = f.running("running");
        assertThat(execs.requireRunning(running.id().substring(0, 12)).id()).isEqualTo(running.id());
    }

    @Test
    void exec_inAContainerThatIsNotRunning_addsNoExec() {
        Container created = f.create("created");
        assertThatThrownBy(() -> execs.exec(created.id(), List.of("sh"), null))
                .hasFieldOrPropertyWithValue("kind", ErrorKind.FAILED_PRECONDITION);
        assertThat(f.tasks.calls).noneMatch(call -> call.startsWith("exec "));
    }
}

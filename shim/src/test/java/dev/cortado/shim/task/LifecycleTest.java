package dev.cortado.shim.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import org.junit.jupiter.api.Test;

class LifecycleTest {
    @Test
    void createdProcess_startsPausesResumesExitsAndIsDeleted() {
        Lifecycle s = Lifecycle.CREATED.next(Lifecycle.Action.START, "t");
        assertThat(s).isEqualTo(Lifecycle.RUNNING);
        s = s.next(Lifecycle.Action.PAUSE, "t").next(Lifecycle.Action.RESUME, "t");
        assertThat(s).isEqualTo(Lifecycle.RUNNING);
        assertThat(s.next(Lifecycle.Action.EXIT, "t").next(Lifecycle.Action.DELETE, "t"))
                .isEqualTo(Lifecycle.DELETED);
    }

    @Test
    void createdProcess_canExitWhenKilledBeforeStart() {
        assertThat(Lifecycle.CREATED.next(Lifecycle.Action.EXIT, "t")).isEqualTo(Lifecycle.STOPPED);
    }

    @Test
    void deletingRunningProcess_failsPreconditionNamingTheState() {
        assertThatThrownBy(() -> Lifecycle.RUNNING.next(Lifecycle.Action.DELETE, "task ns/x"))
                .isInstanceOf(CortadoException.class)
                .hasMessage("cannot delete task ns/x: it is running")
                .extracting(e -> ((CortadoException) e).kind())
                .isEqualTo(ErrorKind.FAILED_PRECONDITION);
    }

    @Test
    void startingTwice_failsPrecondition() {
        assertThatThrownBy(() -> Lifecycle.RUNNING.next(Lifecycle.Action.START, "task ns/x"))
                .hasMessageContaining("it is running");
    }

    @Test
    void pausingStoppedProcess_failsPrecondition() {
        assertThatThrownBy(() -> Lifecycle.STOPPED.next(Lifecycle.Action.PAUSE, "task ns/x"))
                .hasMessageContaining("it is stopped");
    }
}

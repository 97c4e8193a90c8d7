package dev.cortado.shim.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import dev.cortado.shim.events.EventRoutes;
import dev.cortado.shim.events.EventSink;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stop decision and Listen exclude each other, so a new container never gets a dying server. */
class NamespaceListenersTest {
    @TempDir
    Path dir;

    private NamespaceListeners listeners() {
        return new NamespaceListeners(
                StateRoot.fromEnv(Map.of("CORTADO_SHIM_ROOT", dir.toString())),
                null,
                new EventRoutes(EventSink.discarding(), address -> EventSink.discarding()));
    }

    @Test
    void closeIfQuiet_whenIdleAndNoListenSince_closesAndListenIsRefused() {
        NamespaceListeners listeners = listeners();
        assertThat(listeners.closeIfQuiet(listeners.activity(), () -> true)).isTrue();
        assertThatThrownBy(() -> listeners.listen(Endpoint.ttrpc("k8s.io")))
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE));
    }

    @Test
    void closeIfQuiet_whenNotIdle_keepsServing() {
        NamespaceListeners listeners = listeners();
        assertThat(listeners.closeIfQuiet(listeners.activity(), () -> false)).isFalse();
        assertThat(listeners.activity()).isZero();
    }
}

package dev.cortado.cri.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.api.cri.v1.RuntimeHandler;
import dev.cortado.api.cri.v1.StatusRequest;
import dev.cortado.api.cri.v1.StatusResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CriRuntimeServiceTest {
    @TempDir
    Path dir;

    @Test
    void status_listsEachHandlerWithoutFeaturesItLacks() throws Exception {
        try (CriHarness cri = new CriHarness(dir, id -> null, 1)) {
            StatusResponse status = cri.blocking().status(StatusRequest.getDefaultInstance());

            assertThat(status.getRuntimeHandlersList())
                    .extracting(RuntimeHandler::getName)
                    .containsExactly("cortado", "");
            for (RuntimeHandler handler : status.getRuntimeHandlersList()) {
                assertThat(handler.hasFeatures()).isTrue();
                assertThat(handler.getFeatures().getRecursiveReadOnlyMounts()).isFalse();
                assertThat(handler.getFeatures().getUserNamespaces()).isFalse();
            }
            assertThat(status.hasFeatures()).isTrue();
            assertThat(status.getFeatures().getSupplementalGroupsPolicy()).isTrue(); // Strict is honoured
        }
    }
}

package dev.cortado.cri.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.cri.spec.ImageConfig;
import dev.cortado.errors.ErrorKind;
import org.junit.jupiter.api.Test;

/** Signal names and image configs. */
class SmallPartsTest {
    @Test
    void signals_acceptOciNamesShortNamesNumbersAndRealtime() {
        assertThat(Signals.number("SIGTERM")).isEqualTo(15);
        assertThat(Signals.number("KILL")).isEqualTo(9);
        assertThat(Signals.number("3")).isEqualTo(3);
        assertThat(Signals.number("SIGRTMIN+3")).isEqualTo(37);
        assertThat(Signals.number("SIGRTMAX-2")).isEqualTo(62);
        assertThatThrownBy(() -> Signals.number("SIGNOPE"))
                .hasFieldOrPropertyWithValue("kind", ErrorKind.INVALID_ARGUMENT);
        assertThatThrownBy(() -> Signals.number("99")).hasFieldOrPropertyWithValue("kind", ErrorKind.INVALID_ARGUMENT);
    }

    @Test
    void imageConfig_readsTheFieldsThatShapeAContainer() {
        ImageConfig c = ImageConfigJson.parse("sha256:x", """
                {"architecture":"amd64","config":{"Entrypoint":["/bin/app"],"Cmd":["--flag"],"Env":["A=1"],
                 "WorkingDir":"/srv","User":"1000:1000","Volumes":{"/data":{}},"StopSignal":"SIGQUIT"}}""");
        assertThat(c.entrypoint()).containsExactly("/bin/app");
        assertThat(c.cmd()).containsExactly("--flag");
        assertThat(c.env()).containsExactly("A=1");
        assertThat(c.workingDir()).isEqualTo("/srv");
        assertThat(c.user()).isEqualTo("1000:1000");
        assertThat(c.volumes()).containsExactly("/data");
        assertThat(c.stopSignal()).isEqualTo("SIGQUIT");
        assertThat(ImageConfigJson.parse("sha256:x", "{\"rootfs\":{}}")).isEqualTo(ImageConfig.EMPTY);
        assertThat(ImageConfigJson.parse("sha256:x", "{\"config\":{\"Cmd\":null}}")
                        .cmd())
                .isEmpty();
    }

    @Test
    void imageConfig_ofTheWrongShape_isRefusedNamingTheField() {
        assertThatThrownBy(() -> ImageConfigJson.parse("sha256:x", "{\"config\":{\"Cmd\":\"sh\"}}"))
                .hasFieldOrPropertyWithValue("kind", ErrorKind.INVALID_ARGUMENT)
                .hasMessageContaining("Cmd");
        assertThatThrownBy(() -> ImageConfigJson.parse("sha256:x", "{\"config\":{\"Env\":[1]}}"))
                .hasMessageContaining("Env");
        assertThatThrownBy(() -> ImageConfigJson.parse("sha256:x", "not json"))
                .hasFieldOrPropertyWithValue("kind", ErrorKind.INVALID_ARGUMENT);
    }

    @Test
    void containerName_isContainerdsMakeContainerName() {
        assertThat(ContainerCreator.name(ContainerFixture.config("web").build(), ContainerFixture.podConfig()))
                .isEqualTo("web_pod_ns_uid-1_0");
    }
}

package dev.cortado.cri.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BootstrapReplyTest {
    private static BootstrapReply parse(String s) {
        return BootstrapReply.parse(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void bareUnixAddress_isTtrpcTaskV2_asContainerd16Shims() {
        BootstrapReply r = parse("unix:///run/containerd/s/0123abcd\n");
        assertThat(r)
                .isEqualTo(new BootstrapReply(2, Path.of("/run/containerd/s/0123abcd"), BootstrapReply.Protocol.TTRPC));
        assertThat(r.taskService()).isEqualTo("containerd.task.v2.Task");
    }

    @Test
    void ttrpcPlusUnixAndPlainPath_areTtrpc() {
        assertThat(parse("ttrpc+unix:///run/s/x").socket()).isEqualTo(Path.of("/run/s/x"));
        assertThat(parse("ttrpc+unix:///run/s/x").protocol()).isEqualTo(BootstrapReply.Protocol.TTRPC);
        assertThat(parse("/run/s/y").socket()).isEqualTo(Path.of("/run/s/y"));
    }

    @Test
    void jsonVersion2_isTtrpcTaskV2() {
        BootstrapReply r = parse("{\"version\":2,\"address\":\"unix:///run/s/a\",\"protocol\":\"ttrpc\"}");
        assertThat(r).isEqualTo(new BootstrapReply(2, Path.of("/run/s/a"), BootstrapReply.Protocol.TTRPC));
    }

    @Test
    void jsonVersion3_ttrpc_isTaskV3() {
        BootstrapReply r = parse("{\"version\":3,\"address\":\"unix:///run/s/a\",\"protocol\":\"ttrpc\"}\n");
        assertThat(r.version()).isEqualTo(3);
        assertThat(r.taskService()).isEqualTo("containerd.task.v3.Task");
    }

    @Test
    void jsonVersion3_grpc_isGrpcTaskV3() {
        BootstrapReply r = parse("{\"version\":3,\"address\":\"unix:///run/s/g.sock\",\"protocol\":\"grpc\"}");
        assertThat(r).isEqualTo(new BootstrapReply(3, Path.of("/run/s/g.sock"), BootstrapReply.Protocol.GRPC));
    }

    @Test
    void jsonVersion2_grpc_isGrpcTaskV3_asContainerd17TakesIt() {
        BootstrapReply r = parse("{\"version\":2,\"address\":\"unix:///run/s/g.sock\",\"protocol\":\"grpc\"}");
        assertThat(r.protocol()).isEqualTo(BootstrapReply.Protocol.GRPC);
        assertThat(r.taskService()).isEqualTo("containerd.task.v3.Task");
    }

    @Test
    void jsonWithoutProtocol_isTtrpc() {
        assertThat(parse("{\"version\":3,\"address\":\"unix:///run/s/a\"}").protocol())
                .isEqualTo(BootstrapReply.Protocol.TTRPC);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "   \n",
                "{\"version\":4,\"address\":\"unix:///run/s/a\",\"protocol\":\"ttrpc\"}",
                "{\"version\":3,\"address\":\"unix:///run/s/a\",\"protocol\":\"quic\"}",
                "{\"version\":\"3\",\"address\":\"unix:///run/s/a\"}",
                "{\"version\":3}",
                "{\"version\":3,\"address\":\"grpc+unix:///run/s/a\",\"protocol\":\"ttrpc\"}",
                "{not json",
                "unix://@abstract",
                "unix://relative/path",
                "tcp://127.0.0.1:1234",
                "relative.sock",
            })
    void malformedReplies_areInvalidArgument(String reply) {
        assertThatThrownBy(() -> parse(reply))
                .isInstanceOf(CortadoException.class)
                .extracting(e -> ((CortadoException) e).kind())
                .isEqualTo(ErrorKind.INVALID_ARGUMENT);
    }

    @Test
    void abstractSocket_isRefusedSayingSo() {
        assertThatThrownBy(() -> parse("unix://@/containerd-shim/x.sock")).hasMessageContaining("abstract");
    }
}

package dev.cortado.shim.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import dev.cortado.api.containerd.runc.v1.Options;
import dev.cortado.api.containerd.runtime.bootstrap.v1.BootstrapParams;
import dev.cortado.api.containerd.runtime.bootstrap.v1.BootstrapResult;
import dev.cortado.shim.options.ShimOptions.Protocol;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BootstrapReplyTest {
    private static final String ADDRESS = "unix:///run/cortado/s/n-1.sock";

    @Test
    void containerd16_withoutMaxShimVersion_getsTheBareAddress() {
        byte[] reply =
                BootstrapReply.render(BootstrapReply.parse(new byte[0], "default"), Map.of(), ADDRESS, Protocol.TTRPC);
        assertThat(new String(reply, StandardCharsets.UTF_8)).isEqualTo(ADDRESS);
    }

    @Test
    void containerd17_getsJsonVersion2() {
        byte[] reply = BootstrapReply.render(
                BootstrapReply.parse(new byte[0], "default"), Map.of("MAX_SHIM_VERSION", "2"), ADDRESS, Protocol.TTRPC);
        assertThat(new String(reply, StandardCharsets.UTF_8))
                .isEqualTo("{\"version\":2,\"address\":\"" + ADDRESS + "\",\"protocol\":\"ttrpc\"}");
    }

    @Test
    void containerd2_getsJsonVersion3() {
        byte[] reply = BootstrapReply.render(
                BootstrapReply.parse(new byte[0], "k8s.io"), Map.of("MAX_SHIM_VERSION", "3"), ADDRESS, Protocol.TTRPC);
        assertThat(new String(reply, StandardCharsets.UTF_8)).contains("\"version\":3");
    }

    @Test
    void bootstrapParamsOnStdin_getAProtobufBootstrapResult() throws Exception {
        Any options = Any.pack(Options.newBuilder().setBinaryName("x").build());
        byte[] stdin = BootstrapParams.newBuilder()
                .setNamespace("k8s.io")
                .setContainerdVersion("2.3.0")
                .addExtensions(dev.cortado.api.containerd.runtime.bootstrap.v1.Extension.newBuilder()
                        .setValue(options))
                .build()
                .toByteArray();

        BootstrapReply.Input input = BootstrapReply.parse(stdin, "k8s.io");
        BootstrapResult result = BootstrapResult.parseFrom(
                BootstrapReply.render(input, Map.of("MAX_SHIM_VERSION", "3"), ADDRESS, Protocol.TTRPC));

        assertThat(input.options()).contains(options);
        assertThat(result.getVersion()).isEqualTo(3);
        assertThat(result.getAddress()).isEqualTo(ADDRESS);
        assertThat(result.getProtocol()).isEqualTo("ttrpc");
    }

    @Test
    void runtimeOptionsAnyOnStdin_areReadAsOptionsNotParams() {
        Any options = Any.pack(Options.newBuilder().setBinaryName("runc").build());

        BootstrapReply.Input input = BootstrapReply.parse(options.toByteArray(), "default");

        assertThat(input.params()).isEmpty();
        assertThat(input.options()).contains(options);
    }

    @Test
    void grpc_isOfferedToEveryContainerdThatReadsTheProtocol() throws Exception {
        BootstrapReply.Input none = BootstrapReply.parse(new byte[0], "k8s.io");
        assertThat(BootstrapReply.protocolFor(none, Map.of("MAX_SHIM_VERSION", "2"), Protocol.GRPC))
                .isEqualTo(Protocol.GRPC);
        assertThat(new String(
                        BootstrapReply.render(none, Map.of("MAX_SHIM_VERSION", "3"), ADDRESS, Protocol.GRPC),
                        StandardCharsets.UTF_8))
                .isEqualTo("{\"version\":3,\"address\":\"" + ADDRESS + "\",\"protocol\":\"grpc\"}");

        byte[] stdin = BootstrapParams.newBuilder()
                .setNamespace("k8s.io")
                .setContainerdVersion("2.3.0")
                .setSocketDir("/run/containerd/s")
                .setContainerdTtrpcAddress("/run/containerd/containerd.sock.ttrpc")
                .build()
                .toByteArray();
        BootstrapReply.Input params = BootstrapReply.parse(stdin, "k8s.io");
        assertThat(BootstrapResult.parseFrom(BootstrapReply.render(params, Map.of(), ADDRESS, Protocol.GRPC))
                        .getProtocol())
                .isEqualTo("grpc");
        assertThat(params.socketDir()).isEqualTo("/run/containerd/s");
        assertThat(params.ttrpcAddress(Map.of("TTRPC_ADDRESS", "/other")))
                .isEqualTo("/run/containerd/containerd.sock.ttrpc");
        assertThat(none.ttrpcAddress(Map.of("TTRPC_ADDRESS", "/other"))).isEqualTo("/other");
    }

    @Test
    void containerd16_getsTtrpcEvenWhenGrpcIsAskedFor() {
        BootstrapReply.Input none = BootstrapReply.parse(new byte[0], "default");
        assertThat(BootstrapReply.protocolFor(none, Map.of(), Protocol.GRPC)).isEqualTo(Protocol.TTRPC);
    }
}

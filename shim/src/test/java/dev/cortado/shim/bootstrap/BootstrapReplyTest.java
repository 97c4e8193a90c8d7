package dev.cortado.shim.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import dev.cortado.api.containerd.runc.v1.Options;
import dev.cortado.api.containerd.runtime.bootstrap.v1.BootstrapParams;
import dev.cortado.api.containerd.runtime.bootstrap.v1.BootstrapResult;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BootstrapReplyTest {
    private static final String ADDRESS = "unix:///run/cortado/s/n-1.sock";

    @Test
    void containerd16_withoutMaxShimVersion_getsTheBareAddress() {
        byte[] reply = BootstrapReply.render(BootstrapReply.parse(new byte[0], "default"), Map.of(), ADDRESS);
        assertThat(new String(reply, StandardCharsets.UTF_8)).isEqualTo(ADDRESS);
    }

    @Test
    void containerd17_getsJsonVersion2() {
        byte[] reply = BootstrapReply.render(BootstrapReply.parse(new byte[0], "default"), Map.of("MAX_SHIM_VERSION", "2"), ADDRESS);
        assertThat(new String(reply, StandardCharsets.UTF_8))
                .isEqualTo("{\"version\":2,\"address\":\"" + ADDRESS + "\",\"protocol\":\"ttrpc\"}");
    }

    @Test
    void containerd2_getsJsonVersion3() {
        byte[] reply = BootstrapReply.render(BootstrapReply.parse(new byte[0], "k8s.io"), Map.of("MAX_SHIM_VERSION", "3"), ADDRESS);
        assertThat(new String(reply, StandardCharsets.UTF_8)).contains("\"version\":3");
    }

    @Test
    void bootstrapParamsOnStdin_getAProtobufBootstrapResult() throws Exception {
        Any options = Any.pack(Options.newBuilder().setBinaryName("x").build());
        byte[] stdin = BootstrapParams.newBuilder().setNamespace("k8s.io").setContainerdVersion("2.3.0")
                .addExtensions(dev.cortado.api.containerd.runtime.bootstrap.v1.Extension.newBuilder().setValue(options))
                .build().toByteArray();

        BootstrapReply.Input input = BootstrapReply.parse(stdin, "k8s.io");
        BootstrapResult result = BootstrapResult.parseFrom(BootstrapReply.render(input, Map.of("MAX_SHIM_VERSION", "3"), ADDRESS));

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
}

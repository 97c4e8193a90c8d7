package dev.cortado.shim.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import dev.cortado.api.containerd.runc.v1.Options;
import dev.cortado.api.cortado.shim.v1.StartRequest;
import dev.cortado.api.cortado.shim.v1.StartResponse;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import dev.cortado.shim.options.ShimOptions.Protocol;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server answers a start as the command would: endpoint, address file, reply bytes. */
class StartHandlerTest {
    @TempDir
    Path bundle;

    private final List<Endpoint> opened = new ArrayList<>();
    private final StartHandler handler = new StartHandler(e -> {
        opened.add(e);
        return "unix:///run/cortado/s/n-" + e.namespace() + ".sock";
    });

    @Test
    void containerd17_getsJson_theEventsAddressIsRouted_andTheAddressFileWritten() throws Exception {
        Files.writeString(bundle.resolve("config.json"), "{}");

        StartResponse r = handler.start(StartRequest.newBuilder()
                .setNamespace("k8s.io")
                .setMaxShimVersion("2")
                .setTtrpcAddress("/run/containerd/containerd.sock.ttrpc")
                .setBundle(bundle.toString())
                .build());

        assertThat(r.getReply().toString(StandardCharsets.UTF_8))
                .isEqualTo(
                        "{\"version\":2,\"address\":\"unix:///run/cortado/s/n-k8s.io.sock\",\"protocol\":\"ttrpc\"}");
        assertThat(opened)
                .containsExactly(new Endpoint("k8s.io", Protocol.TTRPC, "", "/run/containerd/containerd.sock.ttrpc"));
        assertThat(Files.readString(bundle.resolve("address"))).isEqualTo("unix:///run/cortado/s/n-k8s.io.sock");
    }

    @Test
    void containerd16_getsTheBareAddress_andNoFileOutsideABundle() {
        StartResponse r = handler.start(StartRequest.newBuilder()
                .setNamespace("default")
                .setBundle(bundle.toString())
                .build());

        assertThat(r.getReply().toString(StandardCharsets.UTF_8)).isEqualTo("unix:///run/cortado/s/n-default.sock");
        assertThat(bundle.resolve("address")).doesNotExist();
    }

    @Test
    void badOptions_failWithoutOpeningAnything() {
        Any runc = Any.newBuilder()
                .setTypeUrl("containerd.runc.v1.Options")
                .setValue(Options.newBuilder().setBinaryName("crun").build().toByteString())
                .build();

        assertThatThrownBy(() -> handler.start(StartRequest.newBuilder()
                        .setNamespace("default")
                        .setStdin(ByteString.copyFrom(runc.toByteArray()))
                        .build()))
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                .hasMessageContaining("BinaryName");
        assertThat(opened).isEmpty();
    }
}

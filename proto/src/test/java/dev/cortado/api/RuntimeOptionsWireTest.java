package dev.cortado.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.cortado.api.containerd.runtimeoptions.v1.Options;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * containerd's runtimeoptions.v1.Options is not in ../shared/wire, so its wire form is pinned
 * here: type_url = 1, config_path = 2, config_body = 3, all length-delimited.
 */
class RuntimeOptionsWireTest {
    @Test
    void fieldsHaveUpstreamNumbersAndTypes() throws Exception {
        Options o = Options.newBuilder()
                .setTypeUrl("a")
                .setConfigPath("b")
                .setConfigBody(ByteString.copyFromUtf8("c"))
                .build();

        assertThat(HexFormat.of().formatHex(o.toByteArray())).isEqualTo("0a0161120162" + "1a0163");
        assertThat(Options.getDescriptor().getFullName()).isEqualTo("runtimeoptions.v1.Options");
        assertThat(Options.parseFrom(HexFormat.of().parseHex("1a0163"))
                        .getConfigBody()
                        .toStringUtf8())
                .isEqualTo("c");
    }
}

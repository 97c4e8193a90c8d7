package dev.cortado.cri.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class PodCidrTemplateTest {
    /** The shape of the templates containerd's users ship (containerd docs, GKE, AKS kubenet). */
    static final String CONTAINERD_STYLE = """
            {{- /* a comment */ -}}
            {
              "name": "k8s-pod-network",
              "cniVersion": "1.0.0",
              "plugins": [
                {
                  "type": "bridge", "bridge": "cnitest0", "ipMasq": false,
                  "ipam": {
                    "type": "host-local",
                    "ranges": [{{range $i, $range := .PodCIDRRanges}}{{if $i}}, {{end}}[{"subnet": "{{$range}}"}]{{end}}],
                    "routes": [{{range $i, $route := .Routes}}{{if $i}}, {{end}}{"dst": "{{$route}}"}{{end}}]
                  }
                },
                {"type": "portmap", "capabilities": {"portMappings": true}, "note": "{{.PodCIDR}}"}
              ]
            }
            """;

    @TempDir
    Path dir;

    @Test
    void containerdStyleTemplate_rendersValidJsonWithEveryRangeAndRoute() throws Exception {
        Path template = Files.writeString(dir.resolve("template.json"), CONTAINERD_STYLE);
        Path written = new PodCidrTemplate(template)
                .writeInto(dir.resolve("net.d"), PodCidrTemplate.parseCidrs("10.201.0.0/24, fd00:201::/64"));
        assertThat(written.getFileName()).hasToString("10-cortado-net.conflist");
        JsonNode config = JsonMapper.builder().build().readTree(Files.readString(written));
        JsonNode ipam = config.path("plugins").get(0).path("ipam");
        assertThat(ipam.path("ranges").get(0).get(0).path("subnet").asString()).isEqualTo("10.201.0.0/24");
        assertThat(ipam.path("ranges").get(1).get(0).path("subnet").asString()).isEqualTo("fd00:201::/64");
        assertThat(ipam.path("routes").get(0).path("dst").asString()).isEqualTo("0.0.0.0/0");
        assertThat(ipam.path("routes").get(1).path("dst").asString()).isEqualTo("::/0");
        assertThat(config.path("plugins").get(1).path("note").asString()).isEqualTo("10.201.0.0/24");
        assertThat(Files.readString(written)).startsWith("{");
    }

    @Test
    void rangeWithDotAndIfElse_render() {
        String out = GoTemplate.parse("{{range .Routes}}<{{.}}>{{end}}|{{if .PodCIDR}}yes{{else}}no{{end}}")
                .render(Map.of("Routes", List.of("a", "b"), "PodCIDR", ""));
        assertThat(out).isEqualTo("<a><b>|no");
    }

    @Test
    void unsupportedAction_isRefusedWithItsLine() {
        assertThatThrownBy(() -> GoTemplate.parse("{\n\"x\": \"{{printf \"%s\" .PodCIDR}}\"}"))
                .hasMessageContaining("unsupported template action")
                .hasMessageContaining("line 2");
        assertThatThrownBy(() -> GoTemplate.parse("{{range .Routes}}x")).hasMessageContaining("not closed");
        assertThatThrownBy(() -> GoTemplate.parse("x{{end}}")).hasMessageContaining("without a block");
    }

    @Test
    void unknownField_failsTheRender_asAFailedPrecondition() throws Exception {
        Path template = Files.writeString(dir.resolve("t"), "{\"subnet\": \"{{.PodCidr}}\"}");
        assertThatThrownBy(() -> new PodCidrTemplate(template).writeInto(dir, List.of("10.0.0.0/8")))
                .isInstanceOf(CortadoException.class)
                .satisfies(e -> assertThat(((CortadoException) e).kind()).isEqualTo(ErrorKind.FAILED_PRECONDITION))
                .hasMessageContaining(template.toString())
                .hasMessageContaining(".PodCidr");
        assertThat(dir.resolve(PodCidrTemplate.FILE_NAME)).doesNotExist();
    }

    @Test
    void podCidrs_areChecked() {
        assertThat(PodCidrTemplate.parseCidrs("10.88.0.0/16")).containsExactly("10.88.0.0/16");
        for (String bad : List.of(
                "10.88.0.0",
                "10.88.0.0/33",
                "300.1.1.1/8",
                "10.1.1/8",
                "fd00::/129",
                "example.com/8",
                "10.88.0.0/16,")) {
            assertThatThrownBy(() -> PodCidrTemplate.parseCidrs(bad))
                    .as(bad)
                    .isInstanceOf(CortadoException.class)
                    .satisfies(e -> assertThat(((CortadoException) e).kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT));
        }
    }

    @Test
    void routes_oneDefaultRoutePerFamily() {
        assertThat(PodCidrTemplate.routes(List.of("10.1.0.0/16", "10.2.0.0/16")))
                .containsExactly("0.0.0.0/0");
        assertThat(PodCidrTemplate.routes(List.of("fd00::/64"))).containsExactly("::/0");
    }
}

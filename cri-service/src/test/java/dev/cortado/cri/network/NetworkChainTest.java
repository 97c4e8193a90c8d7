package dev.cortado.cri.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class NetworkChainTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String LIST = """
            {"cniVersion": "1.0.0", "name": "pods", "plugins": [
              {"type": "bridge", "bridge": "cnitest0", "ipam": {"type": "host-local"}},
              {"type": "portmap", "capabilities": {"portMappings": true, "bandwidth": false}}]}
            """;

    private static CniNetwork network(String file, String json) {
        JsonNode root = JSON.readTree(json);
        return new CniNetwork(
                Path.of("/etc/cni/net.d", file),
                root.path("name").asString(),
                root.path("cniVersion").asString(),
                List.of("x"),
                json);
    }

    private static JsonNode stdin(NetworkChain chain, int index, Map<String, JsonNode> caps, JsonNode prev) {
        return JSON.readTree(chain.stdin(index, caps, prev));
    }

    @Test
    void everyPluginGetsTheListsNameAndVersion_andOnlyTheCapabilitiesItDeclares() {
        NetworkChain chain = NetworkChain.of(network("10-pods.conflist", LIST));
        Map<String, JsonNode> caps = Map.of(
                "portMappings",
                JSON.readTree("[{\"hostPort\": 8080}]"),
                "bandwidth",
                JSON.readTree("{\"ingressRate\": 1}"));
        JsonNode bridge = stdin(chain, 0, caps, null);
        assertThat(bridge.path("name").asString()).isEqualTo("pods");
        assertThat(bridge.path("cniVersion").asString()).isEqualTo("1.0.0");
        assertThat(bridge.has("runtimeConfig")).isFalse();
        assertThat(bridge.has("prevResult")).isFalse();
        JsonNode portmap = stdin(chain, 1, caps, JSON.readTree("{\"cniVersion\": \"1.0.0\", \"ips\": []}"));
        assertThat(portmap.path("runtimeConfig").properties())
                .extracting(Map.Entry::getKey)
                .containsExactly("portMappings");
        assertThat(portmap.path("prevResult").path("cniVersion").asString()).isEqualTo("1.0.0");
    }

    @Test
    void singleConf_becomesAListOfOne_thatSurvivesTheCacheRoundTrip() {
        String conf = "{\"cniVersion\": \"0.4.0\", \"name\": \"one\", \"type\": \"bridge\", \"bridge\": \"b\"}";
        NetworkChain chain = NetworkChain.parseList(
                NetworkChain.of(network("10-one.conf", conf)).listJson());
        assertThat(chain.size()).isEqualTo(1);
        assertThat(chain.type(0)).isEqualTo("bridge");
        assertThat(stdin(chain, 0, Map.of(), null).path("bridge").asString()).isEqualTo("b");
        assertThat(chain.delTakesPrevResult()).isTrue();
    }

    @Test
    void delGetsPrevResultFrom040On_likeLibcni() {
        assertThat(NetworkChain.parseList(
                                "{\"cniVersion\": \"0.3.1\", \"name\": \"n\", \"plugins\": [{\"type\": \"x\"}]}")
                        .delTakesPrevResult())
                .isFalse();
        assertThat(CniVersions.atLeast("1.0.0", 0, 4, 0)).isTrue();
        assertThat(CniVersions.atLeast("0.4.0", 0, 4, 0)).isTrue();
        assertThat(CniVersions.atLeast("", 0, 4, 0)).isFalse();
        assertThat(CniVersions.atLeast("garbage", 0, 4, 0)).isFalse();
    }
}

package dev.cortado.cri.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class CniResultTest {
    private static JsonNode json(String text) {
        return JsonMapper.builder().build().readTree(text);
    }

    @Test
    void v100_takesTheAddressesOfEth0InTheSandbox_ipv4First() {
        JsonNode result = json("""
                {"cniVersion": "1.0.0",
                 "interfaces": [{"name": "cnitest0"}, {"name": "veth1"}, {"name": "eth0", "sandbox": "/run/netns/p"}],
                 "ips": [{"interface": 0, "address": "10.201.0.1/24"},
                         {"interface": 2, "address": "fd00:201::5/64"},
                         {"interface": 2, "address": "10.201.0.5/24", "gateway": "10.201.0.1"}]}
                """);
        assertThat(CniResult.podIps(result, "eth0")).containsExactly("10.201.0.5", "fd00:201::5");
    }

    @Test
    void v040_withVersionFields_isReadTheSameWay() {
        JsonNode result = json("""
                {"cniVersion": "0.4.0", "interfaces": [{"name": "eth0", "sandbox": "/run/netns/p"}],
                 "ips": [{"version": "4", "interface": 0, "address": "10.201.0.7/24"}]}
                """);
        assertThat(CniResult.podIps(result, "eth0")).containsExactly("10.201.0.7");
    }

    @Test
    void resultWithoutInterfaceIndexes_usesEveryAddress() {
        assertThat(CniResult.podIps(
                        json("{\"cniVersion\": \"0.3.1\", \"ips\": [{\"address\": \"10.1.2.3/8\"}]}"), "eth0"))
                .containsExactly("10.1.2.3");
    }

    @Test
    void v020_ip4AndIp6() {
        JsonNode result = json(
                "{\"cniVersion\": \"0.2.0\", \"ip4\": {\"ip\": \"10.3.0.2/16\"}, \"ip6\": {\"ip\": \"fd00::2/64\"}}");
        assertThat(CniResult.podIps(result, "eth0")).containsExactly("10.3.0.2", "fd00::2");
    }

    @Test
    void malformedAddress_failsClosed() {
        assertThatThrownBy(() -> CniResult.podIps(json("{\"ips\": [{\"address\": \"evil.example.com/24\"}]}"), "eth0"))
                .hasMessageContaining("invalid address");
        assertThatThrownBy(() -> CniResult.podIps(json("[1]"), "eth0")).hasMessageContaining("not a JSON object");
    }
}

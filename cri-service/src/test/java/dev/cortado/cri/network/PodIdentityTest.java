package dev.cortado.cri.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class PodIdentityTest {
    static PodAttachment pod(String id, List<PodAttachment.PortMapping> ports) {
        return new PodAttachment(
                id,
                "web",
                "default",
                "uid-1",
                Path.of("/run/netns/x"),
                ports,
                Optional.empty(),
                Optional.empty(),
                List.of());
    }

    @Test
    void cniArgs_areContainerdsKeysInContainerdsOrder() {
        assertThat(PodIdentity.cniArgs(pod("abc123", List.of())))
                .isEqualTo(
                        "IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=web;K8S_POD_INFRA_CONTAINER_ID=abc123;K8S_POD_UID=uid-1");
    }

    @Test
    void valuesThatWouldInjectKeys_orIdsThatWouldLeaveTheCacheDir_areInvalidArguments() {
        PodAttachment injected = new PodAttachment(
                "abc",
                "web;K8S_POD_UID=x",
                "default",
                "u",
                Path.of("/x"),
                List.of(),
                Optional.empty(),
                Optional.empty(),
                List.of());
        for (PodAttachment bad : List.of(injected, pod("../../etc", List.of()), pod("", List.of()))) {
            assertThatThrownBy(() -> PodIdentity.cniArgs(bad))
                    .isInstanceOf(CortadoException.class)
                    .satisfies(e -> assertThat(((CortadoException) e).kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT));
        }
    }

    @Test
    void portMappings_withoutHostPortAreLeftOut_protocolsLowerCased() {
        Map<String, JsonNode> caps = CapabilityArgs.of(pod(
                "p",
                List.of(
                        new PodAttachment.PortMapping(0, 80, "TCP", ""),
                        new PodAttachment.PortMapping(8080, 80, "TCP", "127.0.0.1"))));
        assertThat(caps.get("portMappings").toString())
                .isEqualTo("[{\"hostPort\":8080,\"containerPort\":80,\"protocol\":\"tcp\",\"hostIP\":\"127.0.0.1\"}]");
        assertThat(CapabilityArgs.of(pod("p", List.of()))).isEmpty();
    }

    @Test
    void badPortMapping_isAnInvalidArgumentNamingThePod() {
        assertThatThrownBy(
                        () -> CapabilityArgs.of(pod("p1", List.of(new PodAttachment.PortMapping(8080, 0, "tcp", "")))))
                .hasMessageContaining("p1")
                .hasMessageContaining("container port 0");
        assertThatThrownBy(() ->
                        CapabilityArgs.of(pod("p1", List.of(new PodAttachment.PortMapping(8080, 80, "icmp", "")))))
                .hasMessageContaining("icmp");
    }

    @Test
    void bandwidthAndDnsAndIps_inGoCniFieldNames() {
        PodAttachment pod = new PodAttachment(
                "p",
                "n",
                "ns",
                "u",
                Path.of("/x"),
                List.of(),
                Optional.of(new PodAttachment.Bandwidth(1000, 0, 0, 0)),
                Optional.of(new PodAttachment.Dns(List.of("10.0.0.10"), List.of("svc.local"), List.of())),
                List.of("10.201.0.9"));
        Map<String, JsonNode> caps = CapabilityArgs.of(pod);
        assertThat(caps.get("bandwidth").toString())
                .isEqualTo("{\"ingressRate\":1000,\"ingressBurst\":4294967295,\"egressRate\":0,\"egressBurst\":0}");
        assertThat(caps.get("dns").toString()).isEqualTo("{\"servers\":[\"10.0.0.10\"],\"searches\":[\"svc.local\"]}");
        assertThat(caps.get("ips").toString()).isEqualTo("[\"10.201.0.9\"]");
    }
}

package dev.cortado.cri.network;

import dev.cortado.errors.CortadoException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The runtime values of a pod for the CNI capabilities {@code portMappings}, {@code bandwidth},
 * {@code dns} and {@code ips} (CNI CONVENTIONS.md), in go-cni's JSON field names. Only values
 * the pod has are present.
 */
final class CapabilityArgs {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final List<String> PROTOCOLS = List.of("tcp", "udp", "sctp");
    /** containerd's burst when only a rate is given (bandwidth refuses a rate without a burst). */
    static final long DEFAULT_BURST = 4294967295L;

    private CapabilityArgs() {}

    static Map<String, JsonNode> of(PodAttachment pod) {
        Map<String, JsonNode> args = new LinkedHashMap<>();
        ArrayNode ports = portMappings(pod);
        if (!ports.isEmpty()) {
            args.put("portMappings", ports);
        }
        pod.bandwidth().ifPresent(b -> {
            if (b.ingressRate() < 0 || b.ingressBurst() < 0 || b.egressRate() < 0 || b.egressBurst() < 0) {
                throw CortadoException.invalidArgument("negative bandwidth for pod %s: %s", pod.sandboxId(), b);
            }
            if (b.ingressRate() > 0 || b.egressRate() > 0) {
                ObjectNode bandwidth = JSON.createObjectNode();
                bandwidth.put("ingressRate", b.ingressRate());
                bandwidth.put("ingressBurst", burst(b.ingressRate(), b.ingressBurst()));
                bandwidth.put("egressRate", b.egressRate());
                bandwidth.put("egressBurst", burst(b.egressRate(), b.egressBurst()));
                args.put("bandwidth", bandwidth);
            }
        });
        pod.dns().ifPresent(d -> {
            ObjectNode dns = JSON.createObjectNode();
            putList(dns, "servers", d.servers());
            putList(dns, "searches", d.searches());
            putList(dns, "options", d.options());
            if (!dns.isEmpty()) {
                args.put("dns", dns);
            }
        });
        if (!pod.requestedIps().isEmpty()) {
            ArrayNode ips = JSON.createArrayNode();
            pod.requestedIps().forEach(ips::add);
            args.put("ips", ips);
        }
        return args;
    }

    /** Like containerd: a mapping without a host port exposes nothing and is left out. */
    private static ArrayNode portMappings(PodAttachment pod) {
        ArrayNode ports = JSON.createArrayNode();
        for (PodAttachment.PortMapping p : pod.portMappings()) {
            if (p.hostPort() <= 0) {
                continue;
            }
            String protocol = p.protocol().toLowerCase(Locale.ROOT);
            if (p.hostPort() > 65535
                    || p.containerPort() < 1
                    || p.containerPort() > 65535
                    || !PROTOCOLS.contains(protocol)) {
                throw CortadoException.invalidArgument(
                        "invalid port mapping for pod %s: host port %d, container port %d, protocol \"%s\""
                                + " (ports 1-65535, protocol one of %s)",
                        pod.sandboxId(), p.hostPort(), p.containerPort(), p.protocol(), PROTOCOLS);
            }
            ObjectNode port = ports.addObject();
            port.put("hostPort", p.hostPort());
            port.put("containerPort", p.containerPort());
            port.put("protocol", protocol);
            if (!p.hostIp().isEmpty()) {
                port.put("hostIP", p.hostIp());
            }
        }
        return ports;
    }

    private static long burst(long rate, long burst) {
        return rate > 0 && burst == 0 ? DEFAULT_BURST : burst;
    }

    private static void putList(ObjectNode node, String field, List<String> values) {
        if (!values.isEmpty()) {
            ArrayNode array = node.putArray(field);
            values.forEach(array::add);
        }
    }
}

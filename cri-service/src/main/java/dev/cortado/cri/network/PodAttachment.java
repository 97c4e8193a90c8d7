package dev.cortado.cri.network;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What CNI needs to attach or detach one pod.
 *
 * @param sandboxId the pod's id (CNI_CONTAINERID, K8S_POD_INFRA_CONTAINER_ID)
 * @param podName K8S_POD_NAME
 * @param podNamespace K8S_POD_NAMESPACE
 * @param podUid K8S_POD_UID
 * @param netnsPath the pinned network namespace (CNI_NETNS)
 * @param portMappings runtimeConfig {@code portMappings}
 * @param bandwidth runtimeConfig {@code bandwidth}, from the pod's annotations
 * @param dns runtimeConfig {@code dns}
 * @param requestedIps runtimeConfig {@code ips}
 */
public record PodAttachment(
        String sandboxId,
        String podName,
        String podNamespace,
        String podUid,
        Path netnsPath,
        List<PortMapping> portMappings,
        Optional<Bandwidth> bandwidth,
        Optional<Dns> dns,
        List<String> requestedIps) {
    public PodAttachment {
        Objects.requireNonNull(sandboxId, "sandboxId");
        Objects.requireNonNull(podName, "podName");
        Objects.requireNonNull(podNamespace, "podNamespace");
        Objects.requireNonNull(podUid, "podUid");
        Objects.requireNonNull(netnsPath, "netnsPath");
        portMappings = List.copyOf(portMappings);
        Objects.requireNonNull(bandwidth, "bandwidth");
        Objects.requireNonNull(dns, "dns");
        requestedIps = List.copyOf(requestedIps);
    }

    /**
     * One port mapping as CNI's portmap plugin takes it.
     *
     * @param protocol {@code tcp}, {@code udp} or {@code sctp}
     * @param hostIp empty for every address
     */
    public record PortMapping(int hostPort, int containerPort, String protocol, String hostIp) {
        public PortMapping {
            Objects.requireNonNull(protocol, "protocol");
            hostIp = hostIp == null ? "" : hostIp;
        }
    }

    /** Traffic shaping as CNI's bandwidth plugin takes it; rates in bits per second, 0 for none. */
    public record Bandwidth(long ingressRate, long ingressBurst, long egressRate, long egressBurst) {}

    /** DNS settings as the CNI runtimeConfig {@code dns} capability takes them. */
    public record Dns(List<String> servers, List<String> searches, List<String> options) {
        public Dns {
            servers = List.copyOf(servers);
            searches = List.copyOf(searches);
            options = List.copyOf(options);
        }
    }
}

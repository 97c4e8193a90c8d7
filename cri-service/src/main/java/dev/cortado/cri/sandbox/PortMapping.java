package dev.cortado.cri.sandbox;

import dev.cortado.errors.CortadoException;
import java.util.List;

/**
 * CRI's {@code PortMapping}.
 *
 * @param protocol {@code tcp}, {@code udp} or {@code sctp}
 * @param hostPort 0 when only the container port is exposed (no host mapping)
 * @param hostIp empty for every address
 */
public record PortMapping(String protocol, int containerPort, int hostPort, String hostIp) {
    private static final List<String> PROTOCOLS = List.of("tcp", "udp", "sctp");

    public PortMapping {
        if (!PROTOCOLS.contains(protocol)) {
            throw CortadoException.invalidArgument(
                    "port mapping protocol must be one of %s, got \"%s\"", PROTOCOLS, protocol);
        }
        if (containerPort < 1 || containerPort > 65535) {
            throw CortadoException.invalidArgument(
                    "port mapping container_port must be 1-65535, got %d", containerPort);
        }
        if (hostPort < 0 || hostPort > 65535) {
            throw CortadoException.invalidArgument("port mapping host_port must be 0-65535, got %d", hostPort);
        }
        hostIp = hostIp == null ? "" : hostIp;
    }
}

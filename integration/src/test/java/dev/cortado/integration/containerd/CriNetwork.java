package dev.cortado.integration.containerd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The pod network of a test's CRI runtime: a CNI conflist of Debian's plugins (bridge with
 * host-local IPAM, portmap, and loopback, which the runtime adds itself) on the test's own
 * bridge and /24 subnet. No masquerade (bridge {@code ipMasq} and portmap {@code snat} off) and
 * no gateway, so the host's forwarding setting is left alone and traffic stays between the
 * host and the test's namespaces.
 *
 * @param bridge the Linux bridge name, unique to the test (at most 15 characters)
 * @param subnet an IPv4 /24 such as {@code 10.203.0.0/24}
 */
public record CriNetwork(String bridge, String subnet) {
    /** Where Debian's containernetworking-plugins installs the plugins. */
    public static final Path BIN = Path.of("/usr/lib/cni");

    public CriNetwork {
        if (bridge.isEmpty() || bridge.length() > 15 || !bridge.matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException("bad bridge name " + bridge + ": 1-15 of [a-z0-9-]");
        }
        if (!subnet.matches("\\d+\\.\\d+\\.\\d+\\.0/24")) {
            throw new IllegalArgumentException("bad subnet " + subnet + ": an IPv4 /24 such as 10.203.0.0/24");
        }
    }

    /** The network's name in the conflist (and in host-local's lease directory). */
    public String name() {
        return bridge + "-net";
    }

    /** True when {@code ip} (no prefix length) is in the subnet. */
    public boolean contains(String ip) {
        return ip.startsWith(subnet.substring(0, subnet.length() - "0/24".length()));
    }

    /** Writes the conflist into {@code confDir}, with host-local's leases under {@code ipamDir}. */
    public Path writeConfig(Path confDir, Path ipamDir) throws IOException {
        Files.createDirectories(confDir);
        return Files.writeString(
                confDir.resolve("10-" + bridge + ".conflist"), """
                {
                  "cniVersion": "1.0.0",
                  "name": "%s",
                  "plugins": [
                    {
                      "type": "bridge",
                      "bridge": "%s",
                      "isGateway": false,
                      "ipMasq": false,
                      "hairpinMode": true,
                      "ipam": {
                        "type": "host-local",
                        "dataDir": "%s",
                        "ranges": [[{"subnet": "%s"}]]
                      }
                    },
                    {"type": "portmap", "capabilities": {"portMappings": true}, "snat": false}
                  ]
                }
                """.formatted(name(), bridge, ipamDir, subnet));
    }
}

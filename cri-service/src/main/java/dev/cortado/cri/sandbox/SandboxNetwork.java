package dev.cortado.cri.sandbox;

import java.util.List;
import java.util.Objects;

/**
 * What the pod's network attachment reported; {@link #NONE} for a host-network pod.
 *
 * @param ips primary first; the rest become {@code additional_ips}
 * @param resultJson the CNI result, for verbose status
 */
public record SandboxNetwork(List<String> ips, String networkName, String resultJson) {
    public static final SandboxNetwork NONE = new SandboxNetwork(List.of(), "", "");

    public SandboxNetwork {
        ips = List.copyOf(ips);
        networkName = Objects.requireNonNullElse(networkName, "");
        resultJson = Objects.requireNonNullElse(resultJson, "");
    }

    /** The primary IP, or empty. */
    public String primaryIp() {
        return ips.isEmpty() ? "" : ips.get(0);
    }
}

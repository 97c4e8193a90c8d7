package dev.cortado.cri.network;

import java.util.List;
import java.util.Objects;

/**
 * What CNI ADD reported for a pod.
 *
 * @param ips the pod's addresses without prefix length, the primary (first IPv4 if any) first
 * @param networkName the name of the network config that was used
 * @param resultJson the plugin chain's result, as returned, for verbose status
 */
public record PodNetworkStatus(List<String> ips, String networkName, String resultJson) {
    public PodNetworkStatus {
        ips = List.copyOf(ips);
        Objects.requireNonNull(networkName, "networkName");
        Objects.requireNonNull(resultJson, "resultJson");
    }
}

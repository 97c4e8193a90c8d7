package dev.cortado.cri.network;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Reads the pod's addresses from a CNI result in any of its formats: 1.0.0, 0.3.x and 0.4.0
 * ({@code ips} pointing into {@code interfaces}) and 0.1.0/0.2.0 ({@code ip4}, {@code ip6}).
 * Malformed addresses fail; they come from another program.
 */
final class CniResult {
    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    private CniResult() {}

    /**
     * The addresses of interface {@code ifName} in the pod, without prefix length, the first
     * IPv4 first (containerd's selectPodIPs with the default ipv4 preference).
     */
    static List<String> podIps(JsonNode result, String ifName) {
        if (!result.isObject()) {
            throw new IllegalArgumentException("result is not a JSON object");
        }
        List<String> ips = new ArrayList<>();
        if (result.has("ips")) {
            JsonNode interfaces = result.path("interfaces");
            boolean anyIndexed = false;
            for (JsonNode ip : result.path("ips")) {
                anyIndexed |= ip.has("interface");
            }
            for (JsonNode ip : result.path("ips")) {
                if (!anyIndexed || isPodInterface(interfaces, ip.path("interface"), ifName)) {
                    ips.add(address(ip.path("address")));
                }
            }
        } else {
            for (String family : List.of("ip4", "ip6")) {
                if (result.has(family)) {
                    ips.add(address(result.path(family).path("ip")));
                }
            }
        }
        return primaryFirst(ips);
    }

    private static boolean isPodInterface(JsonNode interfaces, JsonNode index, String ifName) {
        if (!index.isInt() || index.asInt() < 0 || index.asInt() >= interfaces.size()) {
            return false;
        }
        JsonNode iface = interfaces.get(index.asInt());
        return ifName.equals(iface.path("name").asString(""))
                && !iface.path("sandbox").asString("").isEmpty();
    }

    private static String address(JsonNode cidr) {
        String text = cidr.asString("");
        int slash = text.indexOf('/');
        String ip = slash < 0 ? text : text.substring(0, slash);
        if (!IPV4.matcher(ip).matches() && !IPV6.matcher(ip).matches()) {
            throw new IllegalArgumentException("invalid address \"" + text + "\" in result");
        }
        try {
            // Only literals reach here, so no name is ever resolved; the plugin's (Go's canonical) text is kept.
            InetAddress.getByName(ip);
            return ip;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("invalid address \"" + text + "\" in result", e);
        }
    }

    private static List<String> primaryFirst(List<String> ips) {
        for (int i = 0; i < ips.size(); i++) {
            if (!ips.get(i).contains(":")) {
                List<String> ordered = new ArrayList<>(ips);
                ordered.add(0, ordered.remove(i));
                return ordered;
            }
        }
        return ips;
    }
}

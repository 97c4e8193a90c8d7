package dev.cortado.cri.config;

import dev.cortado.errors.CortadoException;
import java.util.regex.Pattern;

/**
 * The Prometheus endpoint ({@code [metrics]}), off by default as containerd's
 * {@code metrics.address}: {@code address = "127.0.0.1:1338"} serves {@code /metrics} there.
 * Checked here without a DNS lookup; a name is resolved when the daemon binds it.
 *
 * @param address {@code HOST:PORT} ({@code [::1]:PORT} for IPv6; an empty host is every
 *     interface, as containerd's {@code ":1338"}), or empty for no endpoint
 */
public record MetricsSection(String address) {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    /** RFC 1123 host names: dot-separated labels of letters, digits and inner hyphens. */
    private static final Pattern HOST_NAME =
            Pattern.compile("(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    private static final Pattern IPV6 = Pattern.compile("\\[[0-9a-fA-F:.]+(%[\\w.]+)?]");

    public MetricsSection {
        if (address == null) {
            throw CortadoException.invalidArgument("config key metrics.address must be a string, got nothing");
        }
        if (!address.isEmpty()) {
            int colon = address.lastIndexOf(':');
            if (colon < 0) {
                throw bad(address, "no port");
            }
            String host = address.substring(0, colon);
            if (!host.isEmpty()
                    && !IPV4.matcher(host).matches()
                    && !IPV6.matcher(host).matches()
                    && !HOST_NAME.matcher(host).matches()) {
                throw bad(address, "\"" + host + "\" is not an IP address or a host name");
            }
            if (IPV4.matcher(host).matches() && !validIpv4(host)) {
                throw bad(address, "\"" + host + "\" is not an IPv4 address");
            }
            parsePort(address, address.substring(colon + 1));
        }
    }

    public static MetricsSection defaults() {
        return new MetricsSection("");
    }

    /** Whether {@code /metrics} is served at all. */
    public boolean enabled() {
        return !address.isEmpty();
    }

    /** The host to bind, brackets removed from IPv6; empty for every interface. */
    public String host() {
        String host = address.substring(0, address.lastIndexOf(':'));
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    /** The TCP port, 1 to 65535. */
    public int port() {
        return parsePort(address, address.substring(address.lastIndexOf(':') + 1));
    }

    private static int parsePort(String address, String port) {
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            throw bad(address, "the port must be 1 to 65535");
        }
        return Integer.parseInt(port);
    }

    private static boolean validIpv4(String host) {
        for (String part : host.split("\\.")) {
            if (Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    private static CortadoException bad(String address, String why) {
        return CortadoException.invalidArgument(
                "config key metrics.address must be HOST:PORT (or empty for no endpoint), got \"%s\": %s",
                address, why);
    }
}

package dev.cortado.cri.sandbox;

import dev.cortado.errors.CortadoException;
import java.util.List;

/** CRI's {@code DNSConfig}: what the pod's resolv.conf holds instead of the host's. */
public record DnsConfig(List<String> servers, List<String> searches, List<String> options) {
    public DnsConfig {
        servers = List.copyOf(servers);
        searches = List.copyOf(searches);
        options = List.copyOf(options);
        for (List<String> values : List.of(servers, searches, options)) {
            for (String value : values) {
                if (value.isBlank() || value.chars().anyMatch(c -> c == '\n' || c == '\r' || c == ' ')) {
                    throw CortadoException.invalidArgument(
                            "dns config entry \"%s\" must be one non-empty word without spaces or newlines", value);
                }
            }
        }
    }

    /** The resolv.conf text: search, nameserver and options lines, as containerd writes them. */
    public String resolvConf() {
        StringBuilder out = new StringBuilder();
        if (!searches.isEmpty()) {
            out.append("search ").append(String.join(" ", searches)).append('\n');
        }
        servers.forEach(server -> out.append("nameserver ").append(server).append('\n'));
        if (!options.isEmpty()) {
            out.append("options ").append(String.join(" ", options)).append('\n');
        }
        return out.toString();
    }
}

package dev.cortado.cri.grpc;

import dev.cortado.cri.network.CniNetwork;
import dev.cortado.cri.status.RuntimeConditions;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The verbose map of CRI Status: JSON values under keys that crictl info prints as they are
 * ({@code config}, {@code cniconfig} and {@code lastCNILoadStatus} as containerd names them).
 */
final class StatusInfo {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private StatusInfo() {}

    static Map<String, String> of(RuntimeConditions.Report report, Map<String, String> extra) {
        Map<String, String> info = new LinkedHashMap<>(extra);
        info.put("checks", JSON.writeValueAsString(report.checks()));
        info.put(
                "cniconfig",
                report.network().network().map(StatusInfo::describe).orElse("{}"));
        info.put(
                "lastCNILoadStatus",
                report.network().ready() ? "OK" : report.network().message());
        return info;
    }

    private static String describe(CniNetwork network) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("source", network.source().toString());
        value.put("name", network.name());
        value.put("cniVersion", network.cniVersion());
        value.put("plugins", network.pluginTypes());
        return JSON.writeValueAsString(value);
    }
}

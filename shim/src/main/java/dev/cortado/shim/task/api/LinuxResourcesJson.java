package dev.cortado.shim.task.api;

import dev.cortado.cgroups.resources.OciLinuxResources;
import dev.cortado.errors.CortadoException;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parses an OCI {@code LinuxResources} JSON object (UpdateTaskRequest.resources, type URL
 * {@code types.containerd.io/opencontainers/runtime-spec/1/LinuxResources}) into the cgroups
 * library's record. memory, cpu, pids and unified are mapped; blockIO, hugepage and rdma
 * limits are not yet.
 */
final class LinuxResourcesJson {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private LinuxResourcesJson() {
    }

    /** The OCI JSON shape of the fields we map. */
    record Json(OciLinuxResources.Memory memory, OciLinuxResources.Cpu cpu, Pids pids, Map<String, String> unified) {
    }

    /** OCI {@code pids}. */
    record Pids(Long limit) {
    }

    static OciLinuxResources parse(byte[] json) {
        try {
            Json j = MAPPER.readValue(json, Json.class);
            return new OciLinuxResources(j.memory(), j.cpu(), j.pids() == null ? null : j.pids().limit(), null,
                    null, null, j.unified());
        } catch (JacksonException e) {
            throw CortadoException.invalidArgument("invalid LinuxResources: %s", e.getOriginalMessage());
        }
    }
}

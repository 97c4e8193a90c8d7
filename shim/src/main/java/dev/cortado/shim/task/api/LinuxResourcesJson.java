package dev.cortado.shim.task.api;

import dev.cortado.cgroups.resources.OciLinuxResources;
import dev.cortado.errors.CortadoException;
import dev.cortado.shim.spec.LinuxSpec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parses an OCI {@code LinuxResources} JSON object (UpdateTaskRequest.resources, type URL
 * {@code types.containerd.io/opencontainers/runtime-spec/1/LinuxResources}) into the cgroups
 * library's record: memory, cpu, pids, blockIO, hugepageLimits, rdma and unified, read exactly
 * as a bundle's {@code linux.resources} is. Device rules are not updated (as with {@code runc
 * update}): the device filter is attached once, at create.
 */
public final class LinuxResourcesJson {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private LinuxResourcesJson() {}

    /** The resources in {@code json}; INVALID_ARGUMENT when it is not such an object. */
    public static OciLinuxResources parse(byte[] json) {
        try {
            LinuxSpec.Resources r = MAPPER.readValue(json, LinuxSpec.Resources.class);
            if (r == null) {
                throw CortadoException.invalidArgument("invalid LinuxResources: no object");
            }
            return r.limits();
        } catch (JacksonException | IllegalArgumentException e) {
            throw CortadoException.invalidArgument("invalid LinuxResources: %s", e.getMessage());
        }
    }
}

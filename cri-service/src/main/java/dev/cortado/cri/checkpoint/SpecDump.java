package dev.cortado.cri.checkpoint;

import dev.cortado.errors.CortadoException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a restore needs from {@code spec.dump} (the checkpointed container's OCI runtime spec):
 * its bind mounts, which the restoring CreateContainer must declare again (CRI-O's rule: an
 * archive must not bring a host path along that the request does not name), and its annotations.
 *
 * @param bindMounts destinations of the spec's bind mounts, in spec order
 * @param annotations the spec's annotations
 */
public record SpecDump(List<String> bindMounts, Map<String, String> annotations) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public SpecDump {
        bindMounts = List.copyOf(bindMounts);
        annotations = Map.copyOf(annotations);
    }

    /** Parses the spec; INVALID_ARGUMENT naming the archive when it is not a spec. */
    static SpecDump parse(Path archive, String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw bad(archive, "is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject() || !root.path("ociVersion").isString()) {
            throw bad(archive, "is not an OCI runtime spec (no ociVersion)");
        }
        List<String> binds = new ArrayList<>();
        JsonNode mounts = root.path("mounts");
        if (!mounts.isMissingNode() && !mounts.isArray()) {
            throw bad(archive, "has mounts that are not a list");
        }
        for (JsonNode m : mounts) {
            String destination = m.path("destination").asString("");
            if (!destination.startsWith("/")) {
                throw bad(archive, "has a mount without an absolute destination");
            }
            if (isBind(m)) {
                binds.add(destination);
            }
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> a : root.path("annotations").properties()) {
            annotations.put(a.getKey(), a.getValue().asString(""));
        }
        return new SpecDump(binds, annotations);
    }

    private static boolean isBind(JsonNode m) {
        if (m.path("type").asString("").equals("bind")) {
            return true;
        }
        for (JsonNode o : m.path("options")) {
            if (o.asString("").equals("bind") || o.asString("").equals("rbind")) {
                return true;
            }
        }
        return false;
    }

    private static CortadoException bad(Path archive, String what) {
        return CortadoException.invalidArgument(
                "checkpoint archive %s: %s %s", archive, CheckpointLayout.SPEC_DUMP, what);
    }
}

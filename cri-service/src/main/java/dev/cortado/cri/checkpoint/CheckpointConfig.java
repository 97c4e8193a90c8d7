package dev.cortado.cri.checkpoint;

import dev.cortado.errors.CortadoException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code config.dump}: the container a checkpoint archive holds, with the JSON names of
 * checkpointctl's {@code metadata.ContainerConfig} (what CRI-O writes and
 * {@code checkpointctl show} reads).
 *
 * @param id the container's id
 * @param name the CRI container name
 * @param imageName the image as the container named it ({@code rootfsImageName})
 * @param imageRef the image's id ({@code rootfsImageRef})
 * @param runtime the runtime handler
 * @param created when the container was created
 * @param checkpointed when it was checkpointed
 */
public record CheckpointConfig(
        String id,
        String name,
        String imageName,
        String imageRef,
        String runtime,
        Instant created,
        Instant checkpointed) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public CheckpointConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(imageName, "imageName");
        Objects.requireNonNull(imageRef, "imageRef");
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(checkpointed, "checkpointed");
    }

    /** The JSON of {@code config.dump}; times in RFC 3339 as Go's encoding/json writes them. */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("name", name);
        m.put("rootfsImage", imageName);
        m.put("rootfsImageRef", imageRef);
        m.put("rootfsImageName", imageName);
        m.put("runtime", runtime);
        m.put("createdTime", created.toString());
        m.put("checkpointedTime", checkpointed.toString());
        m.put("restoredTime", "0001-01-01T00:00:00Z");
        m.put("restored", false);
        return JSON.writeValueAsString(m);
    }

    /**
     * Reads {@code config.dump} as CRI-O writes it (and as {@link #toJson} does): the image is
     * {@code rootfsImageName}, else {@code rootfsImage}; INVALID_ARGUMENT naming the archive when
     * the file is not JSON or names no container or image.
     */
    static CheckpointConfig parse(Path archive, String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw bad(archive, "is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw bad(archive, "is not a JSON object");
        }
        String image = root.path("rootfsImageName").asString("");
        if (image.isEmpty()) {
            image = root.path("rootfsImage").asString("");
        }
        String name = root.path("name").asString("");
        if (name.isEmpty() || image.isEmpty()) {
            throw bad(archive, "names no container (name) or no image (rootfsImageName)");
        }
        return new CheckpointConfig(
                root.path("id").asString(""),
                name,
                image,
                root.path("rootfsImageRef").asString(""),
                root.path("runtime").asString(""),
                time(archive, root, "createdTime"),
                time(archive, root, "checkpointedTime"));
    }

    private static Instant time(Path archive, JsonNode root, String field) {
        String text = root.path(field).asString("");
        if (text.isEmpty()) {
            return Instant.EPOCH;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw bad(archive, "has a " + field + " that is not an RFC 3339 time: " + text);
        }
    }

    private static CortadoException bad(Path archive, String what) {
        return CortadoException.invalidArgument(
                "checkpoint archive %s: %s %s", archive, CheckpointLayout.CONFIG_DUMP, what);
    }
}

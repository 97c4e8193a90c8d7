package dev.cortado.cri.checkpoint;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
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
}

package dev.cortado.cri.container;

import dev.cortado.cri.spec.ImageConfig;
import dev.cortado.errors.CortadoException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the parts of an OCI image config ({@code application/vnd.oci.image.config.v1+json},
 * Docker's too) that shape a container: {@code config.Entrypoint}, {@code Cmd}, {@code Env},
 * {@code WorkingDir}, {@code User}, {@code Volumes}, {@code StopSignal}. A config without
 * {@code config} is an image that says nothing; one that is not JSON, or has a field of the wrong
 * type, is refused naming the field (it came from a registry: house rule 16).
 */
final class ImageConfigJson {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ImageConfigJson() {}

    static ImageConfig parse(String imageId, String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw CortadoException.invalidArgument(
                    "image %s has a config that is not JSON: %s", imageId, e.getOriginalMessage());
        }
        JsonNode c = root == null ? null : root.get("config");
        if (c == null || c.isNull()) {
            return ImageConfig.EMPTY;
        }
        if (!c.isObject()) {
            throw bad(imageId, "config");
        }
        TreeSet<String> volumes = new TreeSet<>();
        JsonNode v = c.get("Volumes");
        if (v != null && !v.isNull()) {
            if (!v.isObject()) {
                throw bad(imageId, "Volumes");
            }
            volumes.addAll(v.propertyNames());
        }
        return new ImageConfig(
                strings(imageId, c, "Entrypoint"),
                strings(imageId, c, "Cmd"),
                strings(imageId, c, "Env"),
                string(imageId, c, "WorkingDir"),
                string(imageId, c, "User"),
                volumes,
                string(imageId, c, "StopSignal"));
    }

    private static List<String> strings(String imageId, JsonNode c, String field) {
        JsonNode n = c.get(field);
        List<String> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isArray()) {
            throw bad(imageId, field);
        }
        for (JsonNode item : n) {
            if (!item.isString()) {
                throw bad(imageId, field);
            }
            out.add(item.asString());
        }
        return out;
    }

    private static String string(String imageId, JsonNode c, String field) {
        JsonNode n = c.get(field);
        if (n == null || n.isNull()) {
            return "";
        }
        if (!n.isString()) {
            throw bad(imageId, field);
        }
        return n.asString();
    }

    private static CortadoException bad(String imageId, String field) {
        return CortadoException.invalidArgument("image %s config field %s has the wrong type", imageId, field);
    }
}

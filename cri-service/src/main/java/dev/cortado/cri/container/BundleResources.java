package dev.cortado.cri.container;

import dev.cortado.errors.CortadoException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Keeps a bundle's {@code config.json} in step with UpdateContainerResources, as runc's
 * {@code update} rewrites its state: the spec's {@code linux.resources} take each part of the
 * update (cpu, memory, hugepage limits, unified) whole and keep the rest (device rules), written
 * atomically (temp + fsync + rename), so a shim that re-reads the bundle after a restart, an exec's
 * process spec and readers such as {@code ctr} see the resources the cgroup has.
 */
final class BundleResources {
    private static final JsonMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final ContainerDirs dirs;

    BundleResources(ContainerDirs dirs) {
        this.dirs = dirs;
    }

    /**
     * Merges {@code resourcesJson} (OCI {@code LinuxResources}) into the bundle's spec and returns
     * the previous file for {@link #restore}; empty when the bundle has no spec (wiped by a reboot).
     */
    Optional<byte[]> update(String containerId, String resourcesJson) {
        Path file = dirs.bundle(containerId).resolve("config.json");
        byte[] previous;
        try {
            previous = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw CortadoException.internal("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            JsonNode spec = JSON.readTree(previous);
            if (!(spec instanceof ObjectNode root)) {
                throw CortadoException.internal("cannot update " + file + ": not a JSON object", null);
            }
            ObjectNode linux = root.get("linux") instanceof ObjectNode l ? l : root.putObject("linux");
            ObjectNode resources = linux.get("resources") instanceof ObjectNode r ? r : linux.putObject("resources");
            for (Map.Entry<String, JsonNode> part : JSON.readTree(resourcesJson).properties()) {
                resources.set(part.getKey(), part.getValue());
            }
            Files2.writeAtomically(
                    file, (JSON.writeValueAsString(root) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException | JacksonException e) {
            throw CortadoException.internal("cannot update the resources in " + file + ": " + e.getMessage(), e);
        }
        return Optional.of(previous);
    }

    /** Puts back the spec {@link #update} returned (best effort: the caller is already failing). */
    void restore(String containerId, byte[] previous) throws IOException {
        Files2.writeAtomically(dirs.bundle(containerId).resolve("config.json"), previous);
    }
}

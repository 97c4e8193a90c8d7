package dev.cortado.cri.network;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Per pod, the network config list, CNI_ARGS, capability values and ADD result its DEL needs, like
 * libcni's {@code /var/lib/cni/results}: DEL then undoes exactly what ADD did even if the conf dir
 * changed meanwhile. One JSON file per pod, written atomically; the entry is written before ADD
 * starts (without a result), so a DEL after a crash mid-ADD still runs the right chain.
 */
final class ResultCache {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final String KIND = "cortadoCniCacheV1";

    private final Path dir;

    ResultCache(Path dir) {
        this.dir = dir;
    }

    /** One pod's entry; {@code result} is null while ADD has not finished. */
    record Entry(
            String containerId,
            String ifName,
            String cniArgs,
            String networkList,
            Map<String, JsonNode> capabilityArgs,
            JsonNode result) {
        Entry {
            capabilityArgs = Map.copyOf(capabilityArgs);
        }

        Entry withResult(JsonNode added) {
            return new Entry(containerId, ifName, cniArgs, networkList, capabilityArgs, added);
        }
    }

    void put(Entry entry) {
        ObjectNode node = JSON.createObjectNode();
        node.put("kind", KIND);
        node.put("containerId", entry.containerId());
        node.put("ifName", entry.ifName());
        node.put("cniArgs", entry.cniArgs());
        node.set("config", JSON.readTree(entry.networkList()));
        node.putObject("capabilityArgs").setAll(entry.capabilityArgs());
        if (entry.result() != null) {
            node.set("result", entry.result());
        }
        Path file = file(entry.containerId());
        try {
            Files.createDirectories(
                    dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            AtomicFiles.write(file, JSON.writeValueAsBytes(node), "rw-------");
        } catch (IOException e) {
            throw new CortadoException(
                    ErrorKind.INTERNAL, "cannot write cni cache entry " + file + ": " + e.getMessage(), e);
        }
    }

    /** The pod's entry, if it has one; a file that is not a valid entry is an IllegalArgumentException. */
    Optional<Entry> get(String containerId) {
        Path file = file(containerId);
        JsonNode node;
        try {
            node = JSON.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | JacksonException e) {
            throw new IllegalArgumentException("unreadable cni cache entry " + file + ": " + e.getMessage(), e);
        }
        if (node == null
                || !KIND.equals(node.path("kind").asString(""))
                || !node.path("config").isObject()
                || !containerId.equals(node.path("containerId").asString(""))) {
            throw new IllegalArgumentException("invalid cni cache entry " + file);
        }
        Map<String, JsonNode> capabilityArgs = new LinkedHashMap<>();
        node.path("capabilityArgs").properties().forEach(e -> capabilityArgs.put(e.getKey(), e.getValue()));
        JsonNode result = node.path("result").isObject() ? node.get("result") : null;
        return Optional.of(new Entry(
                containerId,
                node.path("ifName").asString("eth0"),
                node.path("cniArgs").asString(""),
                JSON.writeValueAsString(node.get("config")),
                capabilityArgs,
                result));
    }

    void remove(String containerId) {
        Path file = file(containerId);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new CortadoException(
                    ErrorKind.INTERNAL, "cannot remove cni cache entry " + file + ": " + e.getMessage(), e);
        }
    }

    /** The id was checked by {@link PodIdentity#containerId} and cannot leave the directory. */
    private Path file(String containerId) {
        return dir.resolve(containerId + ".json");
    }
}

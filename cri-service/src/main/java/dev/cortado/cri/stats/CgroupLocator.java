package dev.cortado.cri.stats;

import dev.cortado.cgroups.CgroupException;
import dev.cortado.cgroups.CgroupParent;
import dev.cortado.cgroups.CgroupPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where a container's cgroup is: {@code linux.cgroupsPath} of its bundle's {@code config.json},
 * which both handlers (runc and Cortado's shim) create the cgroup from. The spec is written once
 * at create, so the answer is cached per container; a container without a spec (not yet created,
 * or its bundle wiped by a reboot) or with an empty path (the runtime chose) has none.
 */
final class CgroupLocator {
    private static final Logger LOG = LoggerFactory.getLogger(CgroupLocator.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path bundles;
    private final ConcurrentMap<String, Optional<CgroupPath>> cache = new ConcurrentHashMap<>();

    /** @param bundles {@code <state>/containers}, holding {@code <id>/config.json} */
    CgroupLocator(Path bundles) {
        this.bundles = bundles;
    }

    Optional<CgroupPath> of(String containerId) {
        Optional<CgroupPath> known = cache.get(containerId);
        if (known != null) {
            return known;
        }
        Optional<String> spec = cgroupsPath(bundles.resolve(containerId).resolve("config.json"));
        if (spec.isEmpty()) {
            return Optional.empty(); // not cached: the spec may not be written yet
        }
        Optional<CgroupPath> path = parse(containerId, spec.get());
        cache.put(containerId, path);
        return path;
    }

    /** Forgets containers that are gone. */
    void retain(java.util.Set<String> ids) {
        cache.keySet().retainAll(ids);
    }

    /** runc's two forms: {@code slice:prefix:name} for the systemd driver, else a path. */
    static Optional<CgroupPath> parse(String containerId, String cgroupsPath) {
        if (cgroupsPath.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(
                    cgroupsPath.contains(":")
                            ? CgroupParent.systemdContainerPath(cgroupsPath)
                            : CgroupPath.parse(cgroupsPath));
        } catch (CgroupException e) {
            LOG.warn(
                    "container {}: cannot read its cgroup from linux.cgroupsPath \"{}\": {}",
                    containerId,
                    cgroupsPath,
                    e.getMessage());
            return Optional.empty();
        }
    }

    private static Optional<String> cgroupsPath(Path config) {
        if (!Files.isRegularFile(config)) {
            return Optional.empty();
        }
        try {
            JsonNode path =
                    JSON.readTree(Files.readAllBytes(config)).path("linux").path("cgroupsPath");
            return Optional.of(path.isString() ? path.asString() : "");
        } catch (IOException | JacksonException e) {
            LOG.warn("cannot read linux.cgroupsPath of {}: {}", config, e.getMessage());
            return Optional.empty();
        }
    }
}

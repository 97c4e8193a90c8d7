package dev.cortado.shim.options;

import dev.cortado.errors.CortadoException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.toml.TomlMapper;

/**
 * The node's shim settings file, {@code $CORTADO_SHIM_CONFIG} or {@code /etc/cortado/shim.toml}:
 * the default {@code UnenforceableLimits} for tasks whose runtime options do not set it, which is
 * the only way to choose it for runc's {@code containerd.runc.v1.Options} (a protobuf with no
 * field for it: what {@code ctr run} sends) or for no options at all. A missing file means
 * {@link LimitPolicy#REFUSE}. It is read at each Create, so an edit applies to the next
 * container without restarting the node's one server. Any other key fails Create naming it.
 */
public final class ShimConfig {
    /** Where the file is unless {@code CORTADO_SHIM_CONFIG} says otherwise. */
    public static final Path DEFAULT_PATH = Path.of("/etc/cortado/shim.toml");

    private static final long MAX_BYTES = 64 * 1024;
    private static final TomlMapper MAPPER = TomlMapper.builder().build();

    private final Path file;

    public ShimConfig(Path file) {
        this.file = file;
    }

    /** The file named by {@code CORTADO_SHIM_CONFIG} in {@code env}, else {@link #DEFAULT_PATH}. */
    public static ShimConfig fromEnv(Map<String, String> env) {
        String path = env.getOrDefault("CORTADO_SHIM_CONFIG", "");
        return new ShimConfig(path.isEmpty() ? DEFAULT_PATH : Path.of(path));
    }

    /** The node's policy for limits the host cannot enforce. */
    public LimitPolicy unenforceableLimits() {
        String text;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw CortadoException.failedPrecondition("shim config %s is larger than 64 KiB", file);
            }
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            return LimitPolicy.REFUSE;
        } catch (IOException e) {
            throw CortadoException.failedPrecondition("read shim config %s: %s", file, e.toString());
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JacksonException e) {
            throw CortadoException.failedPrecondition(
                    "shim config %s is not valid TOML: %s", file, e.getOriginalMessage());
        }
        LimitPolicy policy = LimitPolicy.REFUSE;
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            if (!e.getKey().toLowerCase(Locale.ROOT).equals("unenforceablelimits")) {
                throw CortadoException.failedPrecondition(
                        "unknown key %s in shim config %s (known: UnenforceableLimits;"
                                + " other options belong in containerd's runtime options)",
                        e.getKey(), file);
            }
            if (!e.getValue().isString()) {
                throw CortadoException.failedPrecondition(
                        "UnenforceableLimits in shim config %s must be a string, not %s", file, e.getValue());
            }
            policy = LimitPolicy.parse(e.getValue().asString(), "shim config " + file);
        }
        return policy;
    }
}

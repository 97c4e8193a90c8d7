package dev.cortado.cri.config;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.toml.TomlMapper;

/**
 * Reads the TOML config: the file's keys are laid over the embedded defaults, so a file names
 * only what it changes; an unknown key or a bad value is an error naming the key.
 */
public final class ConfigLoader {
    private final TomlMapper mapper = TomlMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    /** Loads {@code file}; a missing file at the default location means "all defaults". */
    public CortadoConfig load(Path file, boolean mustExist) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            if (mustExist) {
                throw CortadoException.notFound("config file %s does not exist", file);
            }
            return CortadoConfig.defaults();
        } catch (IOException e) {
            throw new CortadoException(ErrorKind.INVALID_ARGUMENT, "cannot read config file " + file, e);
        }
        return parse(text, file.toString());
    }

    /** Parses TOML text laid over the defaults; {@code source} names it in errors. */
    public CortadoConfig parse(String toml, String source) {
        try {
            JsonNode given = mapper.readTree(toml);
            ObjectNode merged = (ObjectNode) mapper.valueToTree(CortadoConfig.defaults());
            overlay(merged, given);
            return mapper.treeToValue(merged, CortadoConfig.class);
        } catch (UnrecognizedPropertyException e) {
            throw CortadoException.invalidArgument(
                    "%s: unknown config key \"%s\" (known keys: %s)",
                    source, e.getPropertyName(), e.getKnownPropertyIds());
        } catch (JacksonException e) {
            Throwable cause = e.getCause() instanceof CortadoException ce ? ce : e;
            throw new CortadoException(ErrorKind.INVALID_ARGUMENT, source + ": " + describe(cause), cause);
        }
    }

    /** The defaults as TOML, for {@code cortado config default}. */
    public String defaultToml() {
        return mapper.writeValueAsString(CortadoConfig.defaults());
    }

    private static String describe(Throwable error) {
        String message = error.getMessage();
        return message == null
                ? error.getClass().getSimpleName()
                : message.lines().findFirst().orElse(message);
    }

    /** Deep merge: tables merge key by key, any other value in {@code top} replaces the default. */
    private static void overlay(ObjectNode base, JsonNode top) {
        for (Map.Entry<String, JsonNode> entry : top.properties()) {
            JsonNode current = base.get(entry.getKey());
            if (current instanceof ObjectNode table && entry.getValue().isObject()) {
                overlay(table, entry.getValue());
            } else {
                base.set(entry.getKey(), entry.getValue());
            }
        }
    }
}

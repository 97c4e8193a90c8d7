package dev.cortado.cri.network;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Finds the default pod network the way libcni does: the lexically first file with extension
 * {@code .conflist}, {@code .conf} or {@code .json} in the config dir that parses and has a
 * name and at least one plugin type (a {@code .conf} is a single-plugin list).
 */
public final class CniConfigLoader {
    private static final long MAX_CONFIG_BYTES = 1 << 20;

    private final ObjectMapper json = JsonMapper.builder().build();

    /** The outcome: the network if found, and for each skipped file why it was skipped. */
    public record Result(Optional<CniNetwork> network, List<String> problems) {
        public Result {
            problems = List.copyOf(problems);
        }
    }

    public Result load(Path confDir) {
        List<String> problems = new ArrayList<>();
        if (!Files.isDirectory(confDir)) {
            problems.add("network config directory " + confDir + " does not exist");
            return new Result(Optional.empty(), problems);
        }
        for (Path file : candidates(confDir, problems)) {
            try {
                return new Result(Optional.of(parse(file)), problems);
            } catch (IOException | JacksonException | IllegalArgumentException e) {
                problems.add(file + ": " + firstLine(e.getMessage()));
            }
        }
        if (problems.isEmpty()) {
            problems.add("no network config found in " + confDir);
        }
        return new Result(Optional.empty(), problems);
    }

    private static List<Path> candidates(Path dir, List<String> problems) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> {
                        String n = p.getFileName().toString();
                        return n.endsWith(".conflist") || n.endsWith(".conf") || n.endsWith(".json");
                    })
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            problems.add("cannot list " + dir + ": " + e.getMessage());
            return List.of();
        }
    }

    CniNetwork parse(Path file) throws IOException {
        if (Files.size(file) > MAX_CONFIG_BYTES) {
            throw new IllegalArgumentException("larger than " + MAX_CONFIG_BYTES + " bytes");
        }
        String text = Files.readString(file);
        JsonNode root = json.readTree(text);
        if (!root.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        String name = root.path("name").asString("");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("no \"name\"");
        }
        List<String> types = new ArrayList<>();
        if (file.getFileName().toString().endsWith(".conflist")) {
            for (JsonNode plugin : root.path("plugins")) {
                types.add(requireType(plugin));
            }
        } else {
            types.add(requireType(root));
        }
        if (types.isEmpty()) {
            throw new IllegalArgumentException("no plugins");
        }
        return new CniNetwork(file, name, root.path("cniVersion").asString(""), types, text);
    }

    private static String requireType(JsonNode plugin) {
        String type = plugin.path("type").asString("");
        if (type.isEmpty() || type.contains("/") || type.contains("..")) {
            throw new IllegalArgumentException("plugin without a valid \"type\"");
        }
        return type;
    }

    private static String firstLine(String message) {
        return message == null ? "invalid" : message.lines().findFirst().orElse(message);
    }
}

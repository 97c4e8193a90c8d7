package dev.cortado.cri.container;

import dev.cortado.errors.CortadoException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * An exec's OCI {@code process}: the container's own from its {@code config.json} (user, env,
 * cwd, capabilities, ...), with other args and the exec's terminal setting, as containerd builds it.
 */
final class ExecProcessSpec {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ExecProcessSpec() {}

    static String json(ContainerDirs dirs, Container c, List<String> command, boolean terminal) throws IOException {
        Path config = dirs.bundle(c.id()).resolve("config.json");
        try {
            ObjectNode spec = (ObjectNode) JSON.readTree(Files.readAllBytes(config));
            ObjectNode process = (ObjectNode) spec.get("process");
            if (process == null) {
                throw CortadoException.internal(config + " has no process", null);
            }
            process.putArray("args")
                    .addAll(command.stream()
                            .map(JSON.getNodeFactory()::stringNode)
                            .toList());
            process.put("terminal", terminal);
            process.remove("consoleSize");
            return JSON.writeValueAsString(process);
        } catch (JacksonException | ClassCastException e) {
            throw CortadoException.internal("read " + config + ": " + e.getMessage(), e);
        }
    }
}

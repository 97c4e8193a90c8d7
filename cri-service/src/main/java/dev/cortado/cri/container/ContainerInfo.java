package dev.cortado.cri.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code info} of a verbose ContainerStatus, shaped as containerd's ({@code crictl inspect}
 * reads {@code pid}, {@code sandboxID}, {@code runtimeSpec} and {@code config} from it).
 */
final class ContainerInfo {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ContainerDirs dirs;

    ContainerInfo(ContainerDirs dirs) {
        this.dirs = dirs;
    }

    String json(Container c) {
        ObjectNode root = JSON.createObjectNode();
        root.put("sandboxID", c.sandboxId());
        root.put("pid", c.status().pid());
        root.put("removing", false);
        root.put("snapshotKey", c.id());
        root.put("snapshotter", "overlayfs");
        root.put("runtimeType", c.runtimeHandler());
        root.put("stopSignal", c.stopSignal());
        root.put("privileged", c.config().getLinux().getSecurityContext().getPrivileged());
        ObjectNode config = root.putObject("config");
        config.putObject("metadata").put("name", c.name()).put("attempt", c.attempt());
        config.putObject("image").put("image", c.config().getImage().getImage());
        config.putArray("command")
                .addAll(c.config().getCommandList().stream()
                        .map(JSON.getNodeFactory()::stringNode)
                        .toList());
        config.putArray("args")
                .addAll(c.config().getArgsList().stream()
                        .map(JSON.getNodeFactory()::stringNode)
                        .toList());
        config.put("log_path", c.config().getLogPath());
        config.put("tty", c.config().getTty());
        ObjectNode labels = config.putObject("labels");
        c.config().getLabelsMap().forEach(labels::put);
        ObjectNode annotations = config.putObject("annotations");
        c.config().getAnnotationsMap().forEach(annotations::put);
        spec(c).ifPresent(s -> root.set("runtimeSpec", s));
        return JSON.writeValueAsString(root);
    }

    private java.util.Optional<JsonNode> spec(Container c) {
        Path file = dirs.bundle(c.id()).resolve("config.json");
        try {
            return java.util.Optional.of(JSON.readTree(Files.readAllBytes(file)));
        } catch (NoSuchFileException e) {
            return java.util.Optional.empty();
        } catch (IOException | JacksonException e) {
            return java.util.Optional.empty();
        }
    }
}

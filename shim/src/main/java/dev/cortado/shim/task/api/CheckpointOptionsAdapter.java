package dev.cortado.shim.task.api;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.cortado.api.containerd.runc.v1.CheckpointOptions;
import dev.cortado.errors.CortadoException;
import dev.cortado.shim.checkpoint.CheckpointSettings;
import java.util.Optional;

/**
 * {@code CheckpointTaskRequest.options}: containerd's runc {@code CheckpointOptions} (what
 * {@code ctr t checkpoint} and the CRI plugins send), or nothing for the defaults.
 */
final class CheckpointOptionsAdapter {
    private CheckpointOptionsAdapter() {}

    static CheckpointSettings settings(Any options) {
        if (options.getTypeUrl().isEmpty() && options.getValue().isEmpty()) {
            return CheckpointSettings.defaults();
        }
        String name = CheckpointOptions.getDescriptor().getFullName();
        if (!options.getTypeUrl().equals(name) && !options.getTypeUrl().endsWith("/" + name)) {
            throw CortadoException.invalidArgument(
                    "checkpoint options of type %s: expected %s", options.getTypeUrl(), name);
        }
        CheckpointOptions o;
        try {
            o = CheckpointOptions.parseFrom(options.getValue());
        } catch (InvalidProtocolBufferException e) {
            throw CortadoException.invalidArgument("checkpoint options: not a valid %s: %s", name, e.getMessage());
        }
        // the image dir is the request's path (containerd's runc shim ignores image_path too)
        if (!o.getParentPath().isEmpty()) {
            throw CortadoException.invalidArgument("checkpoint options: parent_path (pre-dump) is not supported");
        }
        return new CheckpointSettings(
                o.getExit(),
                o.getOpenTcp(),
                o.getExternalUnixSockets(),
                o.getTerminal(),
                o.getFileLocks(),
                o.getEmptyNamespacesList(),
                Optional.of(o.getWorkPath()));
    }
}

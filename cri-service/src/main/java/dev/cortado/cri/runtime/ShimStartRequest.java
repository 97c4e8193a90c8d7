package dev.cortado.cri.runtime;

import dev.cortado.errors.CortadoException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code <shim> start} gets, as containerd gives it (features.md §5.2).
 *
 * @param binary the shim executable
 * @param namespace {@code -namespace} and {@code NAMESPACE}
 * @param id {@code -id}, the task (container) id
 * @param bundle the bundle directory, the command's working directory
 * @param address {@code -address} and {@code GRPC_ADDRESS}: the runtime's own gRPC socket; runc's
 *     shim hashes it into its socket name, so it keeps two runtimes' shims apart
 * @param ttrpcAddress {@code TTRPC_ADDRESS}: where the shim forwards its events
 * @param options written to stdin as a protobuf {@code Any}; empty stdin without
 */
public record ShimStartRequest(
        Path binary,
        String namespace,
        String id,
        Path bundle,
        String address,
        Path ttrpcAddress,
        Optional<TypedValue> options) {
    public ShimStartRequest {
        Objects.requireNonNull(binary, "binary");
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(ttrpcAddress, "ttrpcAddress");
        Objects.requireNonNull(options, "options");
        if (namespace == null || namespace.isEmpty() || id == null || id.isEmpty()) {
            throw CortadoException.invalidArgument("shim start needs a namespace and an id, got %s/%s", namespace, id);
        }
        if (address == null || address.isEmpty()) {
            throw CortadoException.invalidArgument("shim start needs an address");
        }
    }
}

package dev.cortado.cri.runtime;

import dev.cortado.cri.config.RuntimeConfig;
import dev.cortado.cri.config.RuntimeHandlerConfig;
import dev.cortado.errors.CortadoException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The configured runtime handlers ({@code [runtime.handlers.NAME]}): a RuntimeClass handler name
 * to its shim binary and runtime options. The empty name is the default handler, as for a pod
 * without a RuntimeClass.
 */
public final class RuntimeHandlers {
    /** The runtime types served by cortado's own shim ({@code containerd-shim-cortado-v2}). */
    static final String CORTADO_RUNTIME_PREFIX = "io.containerd.cortado.";

    private final RuntimeConfig config;
    private final String searchPath;

    /** @param searchPath the PATH in which shim binaries are looked up */
    public RuntimeHandlers(RuntimeConfig config, String searchPath) {
        this.config = config;
        this.searchPath = searchPath == null ? "" : searchPath;
    }

    /** A handler ready to start shims. */
    public record Handler(String name, String runtimeType, Path binary, Optional<TypedValue> options) {
        /** What {@code <shim> start} of one task under this handler gets. */
        public ShimStartRequest startRequest(
                String namespace, String id, Path bundle, String address, Path ttrpcAddress) {
            return new ShimStartRequest(binary, namespace, id, bundle, address, ttrpcAddress, options);
        }

        /**
         * Whether cortado keeps its connection to this handler's shim open after the shim's last
         * container: true for cortado's own shim ({@code io.containerd.cortado.*}), one server
         * per node that stops only when no task is left and no client is connected, so the next
         * Create never waits for a JVM to start. Other shims (runc's, one per pod) are told to
         * shut down after their last container, as containerd does.
         */
        public boolean keepsShimWarm() {
            return runtimeType.startsWith(CORTADO_RUNTIME_PREFIX);
        }
    }

    /** The configured names, the default first. */
    public List<String> names() {
        return config.handlers().keySet().stream()
                .sorted((a, b) -> a.equals(config.defaultHandler()) ? -1 : b.equals(config.defaultHandler()) ? 1 : 0)
                .toList();
    }

    /** The configured name of {@code name} (the default handler's for an empty one). */
    public String nameOf(String name) {
        return name == null || name.isEmpty() ? config.defaultHandler() : name;
    }

    /** Whether the handler is served in cortado's own JVM ({@code in_process}); false for an unknown name. */
    public boolean inProcess(String name) {
        RuntimeHandlerConfig h = config.handlers().get(nameOf(name));
        return h != null && h.inProcess();
    }

    /**
     * The handler's runtime options as its shim gets them, without looking for its binary (an
     * in-process handler has none); NOT_FOUND for a name that is not configured.
     */
    public Optional<TypedValue> options(String name) {
        RuntimeHandlerConfig h = config.handlers().get(nameOf(name));
        if (h == null) {
            throw CortadoException.notFound(
                    "runtime handler \"%s\" is not configured (configured: %s)", nameOf(name), names());
        }
        return RuntimeOptionsEncoder.encode(h.runtimeType(), h.options());
    }

    /**
     * Resolves a handler: NOT_FOUND for a name that is not configured, FAILED_PRECONDITION when
     * its binary is missing, INVALID_ARGUMENT for options its shim type cannot take.
     */
    public Handler resolve(String name) {
        String actual = name == null || name.isEmpty() ? config.defaultHandler() : name;
        RuntimeHandlerConfig h = config.handlers().get(actual);
        if (h == null) {
            throw CortadoException.notFound(
                    "runtime handler \"%s\" is not configured (configured: %s)", actual, names());
        }
        Optional<String> path = h.runtimePath().isEmpty() ? Optional.empty() : Optional.of(h.runtimePath());
        return new Handler(
                actual,
                h.runtimeType(),
                ShimBinary.resolve(h.runtimeType(), path, searchPath),
                RuntimeOptionsEncoder.encode(h.runtimeType(), h.options()));
    }
}

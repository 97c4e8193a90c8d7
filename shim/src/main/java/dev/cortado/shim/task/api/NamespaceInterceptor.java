package dev.cortado.shim.task.api;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/**
 * Puts the containerd namespace of a call in the gRPC {@link Context}: from the ttrpc metadata
 * key {@code containerd-namespace-ttrpc} (which the ttrpc bridge turns into a header) or the
 * gRPC header {@code containerd-namespace} (containerd {@code pkg/namespaces}). containerd 1.6
 * sends neither to a shim (its shims serve one namespace, from {@code -namespace}), so each
 * namespace gets its own socket whose interceptor supplies the namespace by default.
 */
public final class NamespaceInterceptor implements ServerInterceptor {
    private final String defaultNamespace;

    /** Calls without a namespace get {@code defaultNamespace} (empty: none). */
    public NamespaceInterceptor(String defaultNamespace) {
        this.defaultNamespace = defaultNamespace;
    }

    static final Context.Key<String> NAMESPACE = Context.key("containerd-namespace");
    private static final Metadata.Key<String> TTRPC =
            Metadata.Key.of("containerd-namespace-ttrpc", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> GRPC =
            Metadata.Key.of("containerd-namespace", Metadata.ASCII_STRING_MARSHALLER);

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String ns = headers.get(TTRPC);
        if (ns == null) {
            ns = headers.get(GRPC);
        }
        if (ns == null || ns.isEmpty()) {
            ns = defaultNamespace;
        }
        return Contexts.interceptCall(Context.current().withValue(NAMESPACE, ns), call, headers, next);
    }

    /** The namespace of the current call, empty if none was sent. */
    static String current() {
        String ns = NAMESPACE.get();
        return ns == null ? "" : ns;
    }
}

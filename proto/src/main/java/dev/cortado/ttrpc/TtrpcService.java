package dev.cortado.ttrpc;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A named service: method name to handler, what a server registers and dispatches on.
 *
 * <pre>{@code
 * TtrpcService task = TtrpcService.builder("containerd.task.v3.Task")
 *         .unary(TtrpcMethod.of(TaskGrpc.getCreateMethod()), (ctx, req) -> create(req))
 *         .build();
 * }</pre>
 */
public final class TtrpcService {
    private final String name;
    private final Map<String, ServiceMethod<?, ?>> methods;

    private TtrpcService(String name, Map<String, ServiceMethod<?, ?>> methods) {
        this.name = name;
        this.methods = Map.copyOf(methods);
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    public Optional<ServiceMethod<?, ?>> method(String methodName) {
        return Optional.ofNullable(methods.get(methodName));
    }

    public Map<String, ServiceMethod<?, ?>> methods() {
        return methods;
    }

    /** Adds handlers; each method must belong to this service and have the handler's shape. */
    public static final class Builder {
        private final String name;
        private final Map<String, ServiceMethod<?, ?>> methods = new LinkedHashMap<>();

        private Builder(String name) {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("a ttrpc service needs a name");
            }
            this.name = name;
        }

        public <Q, R> Builder unary(TtrpcMethod<Q, R> method, ServerHandlers.Unary<Q, R> handler) {
            return add(method, MethodType.UNARY, ServiceMethod.unary(method, handler));
        }

        /** A unary method whose handler answers later, holding no thread meanwhile. */
        public <Q, R> Builder asyncUnary(TtrpcMethod<Q, R> method, ServerHandlers.AsyncUnary<Q, R> handler) {
            return add(method, MethodType.UNARY, ServiceMethod.asyncUnary(method, handler));
        }

        public <Q, R> Builder clientStreaming(TtrpcMethod<Q, R> method, ServerHandlers.ClientStreaming<Q, R> handler) {
            return add(method, MethodType.CLIENT_STREAMING, ServiceMethod.clientStreaming(method, handler));
        }

        public <Q, R> Builder serverStreaming(TtrpcMethod<Q, R> method, ServerHandlers.ServerStreaming<Q, R> handler) {
            return add(method, MethodType.SERVER_STREAMING, ServiceMethod.serverStreaming(method, handler));
        }

        public <Q, R> Builder bidiStreaming(TtrpcMethod<Q, R> method, ServerHandlers.BidiStreaming<Q, R> handler) {
            return add(method, MethodType.BIDI_STREAMING, ServiceMethod.bidiStreaming(method, handler));
        }

        private Builder add(TtrpcMethod<?, ?> method, MethodType shape, ServiceMethod<?, ?> bound) {
            if (!method.service().equals(name)) {
                throw new IllegalArgumentException("method " + method.fullName() + " does not belong to service " + name
                        + "; use TtrpcMethod.withService");
            }
            if (method.type() != shape) {
                throw new IllegalArgumentException(
                        "method " + method.fullName() + " is " + method.type() + ", not " + shape);
            }
            if (methods.putIfAbsent(method.name(), bound) != null) {
                throw new IllegalArgumentException("method " + method.fullName() + " registered twice");
            }
            return this;
        }

        public TtrpcService build() {
            return new TtrpcService(name, methods);
        }
    }
}

package dev.cortado.ttrpc.server;

import dev.cortado.errors.CortadoException;
import dev.cortado.ttrpc.ServiceMethod;
import dev.cortado.ttrpc.TtrpcService;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The services a server offers, looked up by the service and method names of a Request. */
final class ServiceRegistry {
    private final Map<String, TtrpcService> services;

    ServiceRegistry(List<TtrpcService> services) {
        this.services = services.stream()
                .collect(Collectors.toUnmodifiableMap(TtrpcService::name, Function.identity(), (a, b) -> {
                    throw new IllegalArgumentException("duplicate service " + a.name() + " registered");
                }));
    }

    /** The bound method; UNIMPLEMENTED "service X" or "method Y" as ttrpc words it (services.go). */
    ServiceMethod<?, ?> resolve(String service, String method) {
        TtrpcService found = services.get(service);
        if (found == null) {
            throw CortadoException.unimplemented("service %s", service);
        }
        return found.method(method).orElseThrow(() -> CortadoException.unimplemented("method %s", method));
    }
}

package dev.cortado.shim.bootstrap;

import com.google.protobuf.ByteString;
import dev.cortado.api.cortado.shim.v1.StartRequest;
import dev.cortado.api.cortado.shim.v1.StartResponse;
import dev.cortado.shim.options.RuntimeOptions;
import dev.cortado.shim.options.ShimOptions;
import dev.cortado.shim.options.ShimOptions.Protocol;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The server's side of {@code start}: from what the command got (stdin, namespace, the two
 * environment variables, its working directory) it opens the namespace's endpoint, writes
 * {@code <bundle>/address} and returns the bytes to print. Run in the warm server, so a {@code
 * start} process needs no JVM of its own when a server is up (the native start client).
 */
final class StartHandler {
    private final Function<Endpoint, String> listen;

    /** {@code listen} opens an endpoint and answers its address (NamespaceListeners#listen). */
    StartHandler(Function<Endpoint, String> listen) {
        this.listen = listen;
    }

    StartResponse start(StartRequest r) {
        Map<String, String> env = new HashMap<>();
        if (!r.getMaxShimVersion().isEmpty()) {
            env.put("MAX_SHIM_VERSION", r.getMaxShimVersion());
        }
        if (!r.getTtrpcAddress().isEmpty()) {
            env.put("TTRPC_ADDRESS", r.getTtrpcAddress());
        }
        BootstrapReply.Input input = BootstrapReply.parse(r.getStdin().toByteArray(), r.getNamespace());
        ShimOptions options = RuntimeOptions.parse(input.options());
        Protocol protocol = BootstrapReply.protocolFor(input, env, options.protocol());
        String address = listen.apply(
                new Endpoint(input.namespace(r.getNamespace()), protocol, input.socketDir(), input.ttrpcAddress(env)));
        if (!r.getBundle().isEmpty()) {
            StartCommand.writeAddressFile(Path.of(r.getBundle()), address);
        }
        return StartResponse.newBuilder()
                .setAddress(address)
                .setReply(ByteString.copyFrom(BootstrapReply.render(input, env, address, protocol)))
                .build();
    }
}

package dev.cortado.shim.bootstrap;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.cortado.api.containerd.runtime.bootstrap.v1.BootstrapParams;
import dev.cortado.api.containerd.runtime.bootstrap.v1.BootstrapResult;
import dev.cortado.shim.options.ShimOptions.Protocol;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code start} prints, by what the calling containerd understands (features.md §5.2):
 * a protobuf {@code BootstrapResult} when stdin carried {@code BootstrapParams} (2.3+), JSON
 * {@code {"version":N,"address":…,"protocol":"ttrpc"|"grpc"}} when {@code MAX_SHIM_VERSION} is
 * set (1.7: N=2, 2.x: N=3), else the bare address (1.6, which can only use ttrpc).
 */
public final class BootstrapReply {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BootstrapReply.class);

    private BootstrapReply() {}

    /** What stdin held: bootstrap params (2.3+) or runtime options (an Any, possibly empty). */
    public record Input(Optional<BootstrapParams> params, Optional<Any> options) {
        /** The namespace: the -namespace flag, else the params'. */
        public String namespace(String flag) {
            return !flag.isEmpty()
                    ? flag
                    : params.map(BootstrapParams::getNamespace).orElse("");
        }

        /** Where containerd wants the socket (2.3+ {@code socket_dir}); empty: anywhere. */
        public String socketDir() {
            return params.map(BootstrapParams::getSocketDir).orElse("");
        }

        /** containerd's ttrpc address for events: the params', else {@code TTRPC_ADDRESS}. */
        public String ttrpcAddress(Map<String, String> env) {
            String fromParams =
                    params.map(BootstrapParams::getContainerdTtrpcAddress).orElse("");
            return fromParams.isEmpty() ? env.getOrDefault("TTRPC_ADDRESS", "") : fromParams;
        }
    }

    /**
     * The protocol to offer: the one asked for, except that a containerd which reads only a bare
     * address (1.6: no params, no {@code MAX_SHIM_VERSION}) gets ttrpc, with a warning.
     */
    public static Protocol protocolFor(Input input, Map<String, String> env, Protocol wanted) {
        if (wanted == Protocol.GRPC && input.params().isEmpty() && maxShimVersion(env) < 2) {
            LOG.warn("runtime option Protocol=grpc needs containerd 1.7 or later; this one gets ttrpc");
            return Protocol.TTRPC;
        }
        return wanted;
    }

    /**
     * Reads stdin. Both forms start with field 1 as a string, so params are recognised by
     * carrying the namespace from the command line, or containerd's version or addresses.
     */
    public static Input parse(byte[] stdin, String namespace) {
        if (stdin.length == 0) {
            return new Input(Optional.empty(), Optional.empty());
        }
        try {
            BootstrapParams p = BootstrapParams.parseFrom(stdin);
            boolean looksLikeParams = p.getUnknownFields().asMap().isEmpty()
                    && (!p.getContainerdVersion().isEmpty()
                            || !p.getContainerdTtrpcAddress().isEmpty()
                            || (!namespace.isEmpty() && p.getNamespace().equals(namespace)));
            if (looksLikeParams) {
                Optional<Any> opts = p.getExtensionsCount() > 0
                        ? Optional.of(p.getExtensions(0).getValue())
                        : Optional.empty();
                return new Input(Optional.of(p), opts);
            }
        } catch (InvalidProtocolBufferException e) {
            // not params: an Any with runtime options
        }
        try {
            return new Input(Optional.empty(), Optional.of(Any.parseFrom(stdin)));
        } catch (InvalidProtocolBufferException e) {
            return new Input(Optional.empty(), Optional.empty());
        }
    }

    /** The bytes to print for {@code address}, served with {@code protocol} (see {@link #protocolFor}). */
    public static byte[] render(Input input, Map<String, String> env, String address, Protocol protocol) {
        if (input.params().isPresent()) {
            return BootstrapResult.newBuilder()
                    .setVersion(3)
                    .setAddress(address)
                    .setProtocol(protocol.wireName())
                    .build()
                    .toByteArray();
        }
        int max = maxShimVersion(env);
        if (max >= 2) {
            int version = Math.min(3, max);
            return ("{\"version\":" + version + ",\"address\":\"" + address + "\",\"protocol\":\"" + protocol.wireName()
                            + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
        }
        if (protocol != Protocol.TTRPC) {
            throw new IllegalArgumentException("a bare address can only name a ttrpc socket");
        }
        return address.getBytes(StandardCharsets.UTF_8);
    }

    static int maxShimVersion(Map<String, String> env) {
        try {
            return Integer.parseInt(env.getOrDefault("MAX_SHIM_VERSION", "").trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}

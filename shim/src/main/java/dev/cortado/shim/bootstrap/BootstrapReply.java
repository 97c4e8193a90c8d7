package dev.cortado.shim.bootstrap;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.cortado.api.containerd.runtime.bootstrap.v1.BootstrapParams;
import dev.cortado.api.containerd.runtime.bootstrap.v1.BootstrapResult;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code start} prints, by what the calling containerd understands (features.md §5.2):
 * a protobuf {@code BootstrapResult} when stdin carried {@code BootstrapParams} (2.3+), JSON
 * {@code {"version":N,"address":…,"protocol":"ttrpc"}} when {@code MAX_SHIM_VERSION} is set
 * (1.7: N=2, 2.x: N=3), else the bare address (1.6).
 */
public final class BootstrapReply {
    private BootstrapReply() {
    }

    /** What stdin held: bootstrap params (2.3+) or runtime options (an Any, possibly empty). */
    public record Input(Optional<BootstrapParams> params, Optional<Any> options) {
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
                    && (!p.getContainerdVersion().isEmpty() || !p.getContainerdTtrpcAddress().isEmpty()
                    || (!namespace.isEmpty() && p.getNamespace().equals(namespace)));
            if (looksLikeParams) {
                Optional<Any> opts = p.getExtensionsCount() > 0 ? Optional.of(p.getExtensions(0).getValue()) : Optional.empty();
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

    /** The bytes to print for the ttrpc address {@code address}. */
    public static byte[] render(Input input, Map<String, String> env, String address) {
        if (input.params().isPresent()) {
            return BootstrapResult.newBuilder().setVersion(3).setAddress(address).setProtocol("ttrpc").build()
                    .toByteArray();
        }
        int max = maxShimVersion(env);
        if (max >= 2) {
            int version = Math.min(3, max);
            return ("{\"version\":" + version + ",\"address\":\"" + address + "\",\"protocol\":\"ttrpc\"}")
                    .getBytes(StandardCharsets.UTF_8);
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

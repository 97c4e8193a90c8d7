package dev.cortado.shim.bootstrap;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.cortado.api.containerd.types.RuntimeInfo;
import dev.cortado.api.containerd.types.RuntimeVersion;
import dev.cortado.errors.CortadoException;
import dev.cortado.shim.options.RuntimeOptions;

/**
 * What {@code -info} prints: containerd's {@code RuntimeInfo} protobuf with the shim's name and
 * version, the runtime options read from stdin, and the OCI features ({@link OciFeatures}).
 *
 * <p>containerd 2.x runs {@code <shim> -info} with the runtime options on stdin (a protobuf
 * {@code Any}, as in CreateTaskRequest.options) or nothing. Options that create would refuse
 * are refused here too, so containerd learns of them before it runs a container.
 */
final class InfoCommand {
    private InfoCommand() {}

    /** The encoded {@code RuntimeInfo}; INVALID_ARGUMENT for options this shim cannot honour. */
    static byte[] run(byte[] stdin) {
        RuntimeInfo.Builder info = RuntimeInfo.newBuilder()
                .setName(ShimMain.NAME)
                .setVersion(
                        RuntimeVersion.newBuilder().setVersion(ShimMain.VERSION).setRevision(ShimMain.REVISION))
                .setFeatures(Any.newBuilder()
                        .setTypeUrl(OciFeatures.TYPE_URL)
                        .setValue(ByteString.copyFromUtf8(OciFeatures.json())));
        if (stdin.length > 0) {
            Any options = options(stdin);
            RuntimeOptions.parse(options);
            info.setOptions(options);
        }
        return info.build().toByteArray();
    }

    private static Any options(byte[] stdin) {
        try {
            return Any.parseFrom(stdin);
        } catch (InvalidProtocolBufferException e) {
            throw CortadoException.invalidArgument(
                    "runtime options on stdin are not a protobuf Any: %s", e.getMessage());
        }
    }
}

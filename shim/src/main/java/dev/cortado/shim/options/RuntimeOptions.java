package dev.cortado.shim.options;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.cortado.api.containerd.runc.v1.Options;
import dev.cortado.errors.CortadoException;
import java.util.Optional;

/**
 * Reads the runtime options containerd sends, in the two forms it uses: runc's {@code
 * containerd.runc.v1.Options} (ctr, or a handler configured with runc's option names) and the
 * CRI plugin's {@code runtimeoptions.v1.Options}, which carries the handler's {@code options}
 * TOML table (or the path of a TOML file) for every runtime type but runc's (see {@link
 * OptionsToml}). Options this shim cannot honour fail with INVALID_ARGUMENT naming them, rather
 * than being dropped.
 */
public final class RuntimeOptions {
    static final String RUNC = "containerd.runc.v1.Options";
    static final String GENERIC = "runtimeoptions.v1.Options";

    private RuntimeOptions() {}

    /** The options in {@code any}; none given means the defaults. */
    public static ShimOptions parse(Optional<Any> any) {
        return any.map(RuntimeOptions::parse).orElse(ShimOptions.DEFAULTS);
    }

    /** The options in {@code any}; an empty Any means the defaults. */
    public static ShimOptions parse(Any any) {
        if (any.getTypeUrl().isEmpty() && any.getValue().isEmpty()) {
            return ShimOptions.DEFAULTS;
        }
        // containerd's typeurl names types bare; Any.pack adds type.googleapis.com/
        String type = any.getTypeUrl().substring(any.getTypeUrl().lastIndexOf('/') + 1);
        try {
            return switch (type) {
                case RUNC -> fromRunc(Options.parseFrom(any.getValue()));
                case GENERIC ->
                    OptionsToml.fromGeneric(
                            dev.cortado.api.containerd.runtimeoptions.v1.Options.parseFrom(any.getValue()));
                default ->
                    throw CortadoException.invalidArgument(
                            "runtime options of type %s are not understood (expected %s or %s)",
                            any.getTypeUrl(), RUNC, GENERIC);
            };
        } catch (InvalidProtocolBufferException e) {
            throw CortadoException.invalidArgument("unreadable runtime options of type %s: %s", type, e.getMessage());
        }
    }

    static ShimOptions fromRunc(Options o) {
        refuse("BinaryName", !o.getBinaryName().isEmpty(), o.getBinaryName());
        refuse("Root", !o.getRoot().isEmpty(), o.getRoot());
        refuse("NoPivotRoot", o.getNoPivotRoot(), "true");
        refuse("TaskApiAddress", !o.getTaskApiAddress().isEmpty(), o.getTaskApiAddress());
        // CriuImagePath/CriuWorkPath only matter to Checkpoint, which answers UNIMPLEMENTED
        // uint32 on the wire: ids above 2^31-1 read as negative and are refused by ShimOptions
        return new ShimOptions(
                o.getIoUid(),
                o.getIoGid(),
                o.getShimCgroup(),
                o.getSystemdCgroup(),
                o.getNoNewKeyring(),
                ShimOptions.Protocol.TTRPC);
    }

    /** Fails for a set option that only means something to runc itself. */
    static void refuse(String option, boolean set, String value) {
        if (set) {
            throw CortadoException.invalidArgument(
                    "runtime option %s=%s cannot be honoured: " + "cortado runs containers itself, without runc (%s)",
                    option, value, why(option));
        }
    }

    private static String why(String option) {
        return switch (option) {
            case "BinaryName" -> "there is no OCI runtime binary to choose";
            case "Root" -> "task state lives under the shim's state root, CORTADO_SHIM_ROOT";
            case "NoPivotRoot" -> "the rootfs is always entered with pivot_root";
            case "TaskApiAddress", "TaskApiVersion" -> "the shim serves the Task API itself";
            default -> "not supported";
        };
    }
}

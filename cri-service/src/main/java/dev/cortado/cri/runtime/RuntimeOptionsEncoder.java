package dev.cortado.cri.runtime;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.cortado.api.containerd.runc.v1.Options;
import dev.cortado.errors.CortadoException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.dataformat.toml.TomlMapper;

/**
 * A handler's {@code options} table as containerd's CRI plugin sends it to the shim (features.md
 * §5.7): for runc's runtime types a {@code containerd.runc.v1.Options} whose fields are named as
 * runc's Go fields ({@code SystemdCgroup}, {@code BinaryName}, {@code IoUid}, matched without
 * case); for every other type a {@code runtimeoptions.v1.Options} carrying the table as TOML in
 * {@code config_body}. An empty table sends nothing.
 */
public final class RuntimeOptionsEncoder {
    private static final TomlMapper TOML = TomlMapper.builder().build();

    private RuntimeOptionsEncoder() {}

    public static Optional<TypedValue> encode(String runtimeType, Map<String, Object> options) {
        if (options.isEmpty()) {
            return Optional.empty();
        }
        if (runtimeType.startsWith("io.containerd.runc.")) {
            Options runc = runc(runtimeType, options);
            return Optional.of(new TypedValue(Options.getDescriptor().getFullName(), runc.toByteArray()));
        }
        dev.cortado.api.containerd.runtimeoptions.v1.Options generic =
                dev.cortado.api.containerd.runtimeoptions.v1.Options.newBuilder()
                        .setConfigBody(ByteString.copyFrom(TOML.writeValueAsBytes(options)))
                        .build();
        return Optional.of(new TypedValue(generic.getDescriptorForType().getFullName(), generic.toByteArray()));
    }

    private static Options runc(String runtimeType, Map<String, Object> options) {
        Options.Builder b = Options.newBuilder();
        for (Map.Entry<String, Object> e : options.entrySet()) {
            String wanted = e.getKey().toLowerCase(Locale.ROOT);
            FieldDescriptor field = Options.getDescriptor().getFields().stream()
                    .filter(f -> f.getName().replace("_", "").equals(wanted))
                    .findFirst()
                    .orElseThrow(() -> CortadoException.invalidArgument(
                            "runtime option %s is not a runc option of %s", e.getKey(), runtimeType));
            Object v = e.getValue();
            Object value = switch (field.getJavaType()) {
                case BOOLEAN -> v instanceof Boolean bool ? bool : null;
                case STRING -> v instanceof String s ? s : null;
                case INT ->
                    v instanceof Number n && n.longValue() >= 0 && n.longValue() <= 0xffffffffL
                            ? (int) n.longValue()
                            : null;
                default -> null;
            };
            if (value == null) {
                throw CortadoException.invalidArgument(
                        "runtime option %s of %s must be a %s, got %s",
                        e.getKey(), runtimeType, field.getJavaType().name().toLowerCase(Locale.ROOT), v);
            }
            b.setField(field, value);
        }
        return b.build();
    }
}

package dev.cortado.shim.options;

import dev.cortado.api.containerd.runtimeoptions.v1.Options;
import dev.cortado.errors.CortadoException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.toml.TomlMapper;

/**
 * The TOML form of the options, as containerd's CRI plugin passes a non-runc handler's table
 * (e.g. {@code [...runtimes.cortado.options]}) in {@code runtimeoptions.v1.Options.config_body},
 * or as a file named by {@code ConfigPath}. Keys use runc's names, matched without regard to case
 * as containerd's TOML decoder does: {@code IoUid}, {@code IoGid}, {@code ShimCgroup},
 * {@code SystemdCgroup}, {@code NoNewKeyring}, plus {@code Protocol} ("ttrpc" or "grpc") and
 * {@code UnenforceableLimits} ("refuse" or "warn", see {@link LimitPolicy}).
 * Unknown keys fail naming the key.
 */
final class OptionsToml {
    private static final long MAX_BYTES = 1 << 20;
    private static final TomlMapper MAPPER = TomlMapper.builder().build();
    /** Keys containerd itself decodes into runtimeoptions.v1.Options and leaves in the blob. */
    private static final java.util.Set<String> CONTAINERD_KEYS =
            java.util.Set.of("typeurl", "configpath", "configbody");

    private OptionsToml() {}

    static ShimOptions fromGeneric(Options o) {
        if (!o.getConfigPath().isEmpty()) {
            return parse(read(Path.of(o.getConfigPath())), o.getConfigPath());
        }
        return parse(o.getConfigBody().toString(StandardCharsets.UTF_8), "the runtime's options table");
    }

    private static String read(Path file) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw CortadoException.invalidArgument("runtime options file %s is larger than 1 MiB", file);
            }
            return Files.readString(file);
        } catch (IOException e) {
            throw CortadoException.invalidArgument("runtime options file %s (ConfigPath): %s", file, e.toString());
        }
    }

    /** Parses TOML text; {@code source} names it in errors. */
    static ShimOptions parse(String toml, String source) {
        JsonNode root;
        try {
            root = MAPPER.readTree(toml);
        } catch (JacksonException e) {
            throw CortadoException.invalidArgument(
                    "runtime options in %s are not valid TOML: %s", source, e.getOriginalMessage());
        }
        int ioUid = 0;
        int ioGid = 0;
        String shimCgroup = "";
        boolean systemd = false;
        boolean noNewKeyring = false;
        ShimOptions.Protocol protocol = ShimOptions.Protocol.TTRPC;
        Optional<LimitPolicy> limits = Optional.empty();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            String key = e.getKey();
            JsonNode v = e.getValue();
            switch (key.toLowerCase(Locale.ROOT)) {
                case "iouid" -> ioUid = integer(key, v, source);
                case "iogid" -> ioGid = integer(key, v, source);
                case "shimcgroup" -> shimCgroup = string(key, v, source);
                case "systemdcgroup" -> systemd = bool(key, v, source);
                case "nonewkeyring" -> noNewKeyring = bool(key, v, source);
                case "protocol" -> protocol = ShimOptions.Protocol.parse(string(key, v, source));
                case "unenforceablelimits" -> limits = Optional.of(LimitPolicy.parse(string(key, v, source), source));
                case "binaryname", "root", "nopivotroot", "taskapiaddress", "taskapiversion" ->
                    RuntimeOptions.refuse(key, isSet(v), v.toString());
                default -> {
                    if (!CONTAINERD_KEYS.contains(key.toLowerCase(Locale.ROOT))) {
                        throw CortadoException.invalidArgument(
                                "unknown runtime option %s in %s (known: IoUid, IoGid, "
                                        + "ShimCgroup, SystemdCgroup, NoNewKeyring, Protocol, UnenforceableLimits)",
                                key, source);
                    }
                }
            }
        }
        return new ShimOptions(ioUid, ioGid, shimCgroup, systemd, noNewKeyring, protocol, limits);
    }

    /** Whether a value means anything: false, 0 and "" are runc's defaults. */
    private static boolean isSet(JsonNode v) {
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        return v.isNumber() ? v.asLong() != 0 : !v.asString("").isEmpty();
    }

    private static int integer(String key, JsonNode v, String source) {
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw wrongType(key, "an integer", v, source);
        }
        return v.asInt();
    }

    private static boolean bool(String key, JsonNode v, String source) {
        if (!v.isBoolean()) {
            throw wrongType(key, "true or false", v, source);
        }
        return v.asBoolean();
    }

    private static String string(String key, JsonNode v, String source) {
        if (!v.isString()) {
            throw wrongType(key, "a string", v, source);
        }
        return v.asString();
    }

    private static CortadoException wrongType(String key, String expected, JsonNode v, String source) {
        return CortadoException.invalidArgument("runtime option %s in %s must be %s, not %s", key, source, expected, v);
    }
}

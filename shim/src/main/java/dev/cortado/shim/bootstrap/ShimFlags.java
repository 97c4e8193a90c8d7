package dev.cortado.shim.bootstrap;

import dev.cortado.errors.CortadoException;
import java.util.List;

/**
 * The runtime v2 command line as containerd's {@code pkg/shim/shim.go} parses it with Go's
 * flag package: {@code -flag value}, {@code -flag=value} or {@code --flag}, booleans without
 * a value, then the action ({@code start}, {@code delete}, or none for the server).
 */
public record ShimFlags(
        String namespace,
        String address,
        String publishBinary,
        String id,
        String bundle,
        String socket,
        boolean debug,
        boolean version,
        boolean info,
        String action) {

    private static final List<String> STRING_FLAGS =
            List.of("namespace", "address", "publish-binary", "id", "bundle", "socket", "debug-socket");

    /** Parses the arguments; unknown flags are INVALID_ARGUMENT as in Go's flag package. */
    public static ShimFlags parse(String... args) {
        String namespace = "", address = "", publish = "", id = "", bundle = "", socket = "", action = "";
        boolean debug = false, version = false, info = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("-") || a.equals("-") || a.equals("--")) {
                action = a;
                continue;
            }
            String name = a.replaceFirst("^--?", "");
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (STRING_FLAGS.contains(name) && value == null) {
                if (i + 1 >= args.length) {
                    throw CortadoException.invalidArgument("flag needs an argument: -%s", name);
                }
                value = args[++i];
            }
            switch (name) {
                case "namespace" -> namespace = value;
                case "address" -> address = value;
                case "publish-binary" -> publish = value;
                case "id" -> id = value;
                case "bundle" -> bundle = value;
                case "socket" -> socket = value;
                case "debug-socket" -> {}
                case "debug" -> debug = value == null || Boolean.parseBoolean(value);
                case "v", "version" -> version = value == null || Boolean.parseBoolean(value);
                case "info" -> info = value == null || Boolean.parseBoolean(value);
                default -> throw CortadoException.invalidArgument("flag provided but not defined: -%s", name);
            }
        }
        return new ShimFlags(namespace, address, publish, id, bundle, socket, debug, version, info, action);
    }
}

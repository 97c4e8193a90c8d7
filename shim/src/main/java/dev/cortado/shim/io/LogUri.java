package dev.cortado.shim.io;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A logging binary's stdio URI, {@code binary:///path?key=value&flag}: the binary's path and the
 * arguments containerd's {@code NewBinaryIO} gives it (each key, then its value if it has one).
 */
record LogUri(String uri, Path binary, List<String> args) {
    LogUri {
        args = List.copyOf(args);
    }

    /** Parses a logging binary URI. */
    static LogUri parse(String uri) {
        URI parsed = URI.create(uri);
        return new LogUri(uri, Path.of(parsed.getPath()), queryArgs(parsed.getRawQuery()));
    }

    static List<String> queryArgs(String rawQuery) {
        List<String> args = new ArrayList<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return args;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            args.add(decode(eq < 0 ? pair : pair.substring(0, eq)));
            if (eq >= 0) {
                args.add(decode(pair.substring(eq + 1)));
            }
        }
        return args;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}

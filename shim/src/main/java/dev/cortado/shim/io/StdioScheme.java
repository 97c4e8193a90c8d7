package dev.cortado.shim.io;

import dev.cortado.errors.CortadoException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stdio schemes containerd's runc shim knows (createIO): a plain path, which is a fifo,
 * {@code file://}, {@code binary://} and {@code attachablebinary://}. Any other scheme is an
 * invalid argument.
 */
enum StdioScheme {
    FIFO(""),
    FILE("file"),
    BINARY("binary"),
    ATTACHABLE_BINARY("attachablebinary");

    // a scheme (RFC 3986) right at the start; "/run/a://b" is a path
    private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*)://.*", Pattern.DOTALL);

    private final String scheme;

    StdioScheme(String scheme) {
        this.scheme = scheme;
    }

    /** The scheme of a stdio path or URI; fails with INVALID_ARGUMENT naming a scheme it does not know. */
    static StdioScheme of(String path) {
        Matcher m = SCHEME.matcher(path);
        String name = m.matches() ? m.group(1).toLowerCase(Locale.ROOT) : "";
        for (StdioScheme s : values()) {
            if (s.scheme.equals(name)) {
                return s;
            }
        }
        throw CortadoException.invalidArgument("unknown STDIO scheme %s", name);
    }

    /** Whether the path names a logging binary that gets the process's output. */
    boolean logBinary() {
        return this == BINARY || this == ATTACHABLE_BINARY;
    }
}

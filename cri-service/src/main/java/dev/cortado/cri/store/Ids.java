package dev.cortado.cri.store;

import dev.cortado.errors.CortadoException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Sandbox and container ids: 64 lower-case hex digits, as containerd makes them. */
public final class Ids {
    private static final Pattern FULL = Pattern.compile("[0-9a-f]{64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    /** A new random id. */
    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** True for a full 64-hex id. */
    public static boolean isFullId(String id) {
        return id != null && FULL.matcher(id).matches();
    }

    static void requireFullId(String id) {
        if (!isFullId(id)) {
            throw CortadoException.invalidArgument("id must be 64 lower-case hex digits, got \"%s\"", id);
        }
    }
}

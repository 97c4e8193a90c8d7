package dev.cortado.cri.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container's environment as containerd builds it: the default PATH, {@code TERM=xterm} for a
 * tty ({@code oci.WithTTY}), then {@code HOSTNAME},
 * then the image's variables, then the CRI {@code envs}; a later value replaces an earlier one
 * in place ({@code oci.WithEnv}), and an entry without '=' removes the variable.
 */
final class Environment {
    /** containerd's {@code oci.WithDefaultPathEnv}. */
    static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private Environment() {}

    /** {@code KEY=value} entries, first-set order. */
    static List<String> build(
            String hostname, boolean tty, List<String> imageEnv, List<Map.Entry<String, String>> criEnv) {
        Map<String, String> env = new LinkedHashMap<>();
        put(env, DEFAULT_PATH);
        if (tty) {
            put(env, "TERM=xterm");
        }
        put(env, "HOSTNAME=" + hostname);
        imageEnv.forEach(e -> put(env, e));
        criEnv.forEach(e -> put(env, e.getKey() + "=" + e.getValue()));
        return env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    }

    private static void put(Map<String, String> env, String entry) {
        int eq = entry.indexOf('=');
        if (eq < 0) {
            env.remove(entry);
        } else {
            env.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
    }
}

package dev.cortado.integration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The criu the end-to-end tests give cortado, its shims and runc, and ask {@code criu check}:
 * {@code $CORTADO_CRIU} when set, else the criu 4.1 that {@code integration/bin/newer-criu} unpacks
 * (install-deps runs it; Debian 12's criu 3.17 fails on kernels from 6.13 on, "vdso: Unexpected rt
 * vDSO area bounds"), else {@code criu} on PATH. So the checkpoint round trips run wherever that
 * criu works, in CI as from a plain {@code mvn test}, and the shim's tests (shim's
 * {@code TestCriu}) choose the same one.
 */
public final class Criu {
    /** Where {@code integration/bin/newer-criu} puts criu 4.1: its wrapper {@code criu} and {@code bin/criu}. */
    static final Path NEWER = Path.of("/opt/cortado/criu-4.1.1");

    private Criu() {}

    /** The criu to run: an absolute path, or {@code criu} (found on PATH). */
    public static String binary() {
        String env = System.getenv().getOrDefault("CORTADO_CRIU", "");
        if (!env.isBlank()) {
            return env;
        }
        Path newer = NEWER.resolve("criu");
        return Files.isExecutable(newer) ? newer.toString() : "criu";
    }

    /**
     * What a daemon (cortado, containerd) needs in its environment to run {@link #binary()}:
     * {@code CORTADO_CRIU} for cortado and its shim, and, for the newer criu, its {@code bin} dir
     * ahead of {@code path}, since runc (the runc handler) runs plain {@code criu}.
     */
    public static Map<String, String> environment(String path) {
        Map<String, String> env = new HashMap<>();
        String binary = binary();
        env.put("PATH", path);
        if (!binary.equals("criu")) {
            env.put("CORTADO_CRIU", binary);
        }
        if (binary.equals(NEWER.resolve("criu").toString())) {
            env.put("PATH", NEWER.resolve("bin") + ":" + path);
        }
        return env;
    }

    /** Empty when {@code criu check} of {@link #binary()} passes on this host, else its output. */
    public static String check() throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(binary(), "check").redirectErrorStream(true).start();
        } catch (IOException e) {
            return "Error: cannot run " + binary() + ": " + e.getMessage();
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "Error: " + binary() + " check took over 60 s";
        }
        return p.exitValue() == 0 ? "" : out;
    }
}

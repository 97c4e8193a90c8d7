package dev.cortado.shim.launch;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The criu the privileged tests run: {@code -Dcortado.criu}, else {@code $CORTADO_CRIU}, else the
 * criu 4.1 that {@code integration/bin/newer-criu} unpacks (install-deps runs it: Debian 12's criu
 * 3.17 fails on kernels from 6.13 on, "vdso: Unexpected rt vDSO area bounds"), else {@code criu}.
 */
final class TestCriu {
    static final Path NEWER = Path.of("/opt/cortado/criu-4.1.1/criu");

    private TestCriu() {}

    static String binary() {
        String property = System.getProperty("cortado.criu", "");
        if (!property.isBlank()) {
            return property;
        }
        String env = System.getenv().getOrDefault("CORTADO_CRIU", "");
        if (!env.isBlank()) {
            return env;
        }
        return Files.isExecutable(NEWER) ? NEWER.toString() : "criu";
    }
}

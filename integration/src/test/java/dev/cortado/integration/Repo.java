package dev.cortado.integration;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository and its build outputs are, for tests that run the real binaries (public for subpackages). */
public final class Repo {
    private Repo() {}

    /** The repository root: the Maven property, or the parent of the module directory. */
    public static Path root() {
        String property = System.getProperty("cortado.repo.root");
        Path root = property != null
                ? Path.of(property)
                : Path.of("").toAbsolutePath().getParent();
        return root.toAbsolutePath().normalize();
    }

    /** The shaded daemon jar that the README start command runs; built by `mvn package`. */
    public static Path cortadoJar() {
        Path jar = root().resolve("cri-service/target/cortado.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run the tests with `mvn verify`, whose package"
                    + " phase builds it before the integration module runs");
        }
        return jar;
    }

    /**
     * The script that starts cortado with the project's JVM options (README's start command),
     * generated next to the jar by `mvn package`.
     */
    public static Path cortadoLauncher() {
        Path launcher = root().resolve("cri-service/target/bin/cortado");
        if (!Files.isExecutable(launcher)) {
            throw new IllegalStateException(launcher + " is missing: `mvn package` generates it next to "
                    + cortadoJar().getFileName());
        }
        return launcher;
    }

    /** The java launcher of the JVM running the tests. */
    public static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }
}

package dev.cortado.shim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Keeps the package table of shim/README.md true by scanning imports of the main sources. */
class PackageRulesTest {
    private static final Path MAIN = Path.of("src/main/java/dev/cortado/shim");
    /** package -> import prefixes it may not use. */
    private static final Map<String, List<String>> FORBIDDEN = Map.of(
            "spec", List.of("com.sun.jna", "dev.cortado.shim.linux", "dev.cortado.shim.launch",
                    "dev.cortado.shim.process"),
            "linux", List.of("dev.cortado.shim.launch", "dev.cortado.shim.process"),
            "process", List.of("com.sun.jna", "dev.cortado.shim.launch", "dev.cortado.shim.spec"),
            "launch", List.of("com.sun.jna"),
            "task", List.of("com.sun.jna", "dev.cortado.shim.linux", "dev.cortado.api", "io.grpc",
                    "dev.cortado.shim.bootstrap", "dev.cortado.shim.task.api"),
            "task/api", List.of("com.sun.jna", "dev.cortado.shim.linux", "dev.cortado.shim.launch",
                    "dev.cortado.shim.bootstrap"),
            "io", List.of("com.sun.jna", "dev.cortado.shim.linux", "dev.cortado.api", "dev.cortado.shim.task",
                    "dev.cortado.shim.events", "dev.cortado.shim.launch"),
            "events", List.of("com.sun.jna", "dev.cortado.shim.linux", "dev.cortado.shim.task",
                    "dev.cortado.shim.launch", "dev.cortado.shim.process"),
            "bootstrap", List.of("com.sun.jna"),
            "checkpoint", List.of("com.sun.jna", "dev.cortado.shim.linux", "dev.cortado.shim.launch", "dev.cortado.api",
                    "io.grpc", "dev.cortado.shim.bootstrap", "dev.cortado.shim.task.api"));

    @Test
    void mainSources_respectTheModuleReadmeTable() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Map.Entry<String, List<String>> rule : FORBIDDEN.entrySet()) {
            // depth 1: a package's own files, not its subpackages (task/api has its own rule)
            try (Stream<Path> files = Files.walk(MAIN.resolve(rule.getKey()), 1)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    for (String line : Files.readAllLines(f)) {
                        for (String prefix : rule.getValue()) {
                            if (line.startsWith("import " + prefix) || line.startsWith("import static " + prefix)) {
                                violations.add(f.getFileName() + ": " + line);
                            }
                        }
                    }
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void everyPackage_hasPackageInfo() {
        for (String pkg : FORBIDDEN.keySet()) {
            assertThat(MAIN.resolve(pkg).resolve("package-info.java")).exists();
        }
    }
}

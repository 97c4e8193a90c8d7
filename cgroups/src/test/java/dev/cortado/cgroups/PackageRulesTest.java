package dev.cortado.cgroups;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Keeps the package table of cgroups/README.md true by scanning the main sources' imports. */
class PackageRulesTest {
    private static final Path MAIN = Path.of("src/main/java/dev/cortado/cgroups");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+)\\.[\\w*]+;", Pattern.MULTILINE);
    private static final List<String> FORBIDDEN = List.of("com.google.protobuf", "io.grpc", "com.sun.jna",
            "com.fasterxml.jackson", "tools.jackson");

    /** Which of the module's packages each package may import (besides itself). */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "dev.cortado.cgroups", Set.of(),
            "dev.cortado.cgroups.resources", Set.of("dev.cortado.cgroups"),
            "dev.cortado.cgroups.controller", Set.of("dev.cortado.cgroups", "dev.cortado.cgroups.resources"),
            "dev.cortado.cgroups.stats", Set.of("dev.cortado.cgroups"),
            "dev.cortado.cgroups.control", Set.of("dev.cortado.cgroups", "dev.cortado.cgroups.resources",
                    "dev.cortado.cgroups.controller", "dev.cortado.cgroups.stats"));

    @Test
    void everyPackage_importsOnlyWhatTheReadmeTableAllows() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Path file : sources()) {
            String src = Files.readString(file);
            String pkg = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE).matcher(src).results()
                    .map(m -> m.group(1)).findFirst().orElse("?");
            assertThat(ALLOWED).as("package %s of %s is in the README table", pkg, file).containsKey(pkg);
            Matcher m = IMPORT.matcher(src);
            while (m.find()) {
                String imported = m.group(1);
                for (String f : FORBIDDEN) {
                    if (imported.startsWith(f)) {
                        violations.add(file + " imports " + imported + " (no protobuf, gRPC, JNA or JSON here)");
                    }
                }
                String target = ALLOWED.keySet().stream().filter(p -> imported.equals(p) || imported.startsWith(p + "."))
                        .max((a, b) -> a.length() - b.length()).orElse(null);
                if (target != null && !target.equals(pkg) && !ALLOWED.get(pkg).contains(target)
                        && !(imported.startsWith(pkg + ".") && target.equals(pkg))) {
                    violations.add(file + " (" + pkg + ") imports " + imported);
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void everyPackage_hasPackageInfo() throws IOException {
        try (Stream<Path> dirs = Files.walk(MAIN)) {
            for (Path d : dirs.filter(Files::isDirectory).toList()) {
                assertThat(d.resolve("package-info.java")).as("package-info in %s", d).exists();
            }
        }
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> s = Files.walk(MAIN)) {
            return s.filter(p -> p.toString().endsWith(".java")).toList();
        }
    }
}

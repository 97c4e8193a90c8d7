package dev.cortado.cgroups;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the package table of cgroups/README.md true on the compiled classes (ArchUnit reads the
 * bytecode, so a fully qualified name inline counts as much as an import).
 */
class PackageRulesTest {
    private static final Path MAIN = Path.of("src/main/java/dev/cortado/cgroups");
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.cortado.cgroups");

    /** Which of the module's packages each package may use (besides itself). */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "dev.cortado.cgroups", Set.of(),
            "dev.cortado.cgroups.resources", Set.of("dev.cortado.cgroups"),
            "dev.cortado.cgroups.controller", Set.of("dev.cortado.cgroups", "dev.cortado.cgroups.resources"),
            "dev.cortado.cgroups.stats", Set.of("dev.cortado.cgroups"),
            "dev.cortado.cgroups.control",
                    Set.of(
                            "dev.cortado.cgroups",
                            "dev.cortado.cgroups.resources",
                            "dev.cortado.cgroups.controller",
                            "dev.cortado.cgroups.stats"));

    @Test
    void classesWereFound() {
        assertThat(CLASSES).as("compiled main classes of dev.cortado.cgroups").hasSizeGreaterThan(20);
    }

    @Test
    void noProtobufGrpcJnaOrJson() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "com.google.protobuf..",
                        "io.grpc..",
                        "com.sun.jna..",
                        "com.fasterxml.jackson..",
                        "tools.jackson..",
                        "dev.cortado.api..")
                .because("cgroups is a plain library: no protobuf, gRPC, JNA or JSON")
                .check(CLASSES);
    }

    @Test
    void everyPackage_isInTheReadmeTable() {
        List<String> unknown = CLASSES.stream()
                .map(JavaClass::getPackageName)
                .distinct()
                .filter(p -> !ALLOWED.containsKey(p))
                .toList();
        assertThat(unknown).isEmpty();
    }

    @Test
    void everyPackage_usesOnlyWhatTheReadmeTableAllows() {
        for (Map.Entry<String, Set<String>> rule : ALLOWED.entrySet()) {
            List<String> ok = new ArrayList<>(rule.getValue());
            ok.add(rule.getKey());
            classes()
                    .that()
                    .resideInAPackage(rule.getKey())
                    .should()
                    .onlyDependOnClassesThat(not(resideInAnyPackage("dev.cortado.cgroups.."))
                            .or(resideInAnyPackage(ok.toArray(String[]::new))))
                    .allowEmptyShould(true)
                    .check(CLASSES);
        }
    }

    @Test
    void everyPackage_hasPackageInfo() throws IOException {
        try (Stream<Path> dirs = Files.walk(MAIN)) {
            for (Path d : dirs.filter(Files::isDirectory).toList()) {
                assertThat(d.resolve("package-info.java"))
                        .as("package-info in %s", d)
                        .exists();
            }
        }
    }
}

package dev.cortado.shim;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.Pointer;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the package table of shim/README.md true on the compiled classes: the "may not import"
 * column is read and checked with ArchUnit, which reads bytecode, so a fully qualified name inline
 * counts as much as an import. Terms of that column, comma separated: "JNA" ({@code com.sun.jna}),
 * "gRPC" ({@code io.grpc}), "generated types" ({@code dev.cortado.api}), "any other shim package",
 * or a backticked package relative to {@code dev.cortado.shim} (with its subpackages); text in
 * parentheses is a comment. A term the test does not know fails it, so the column stays checkable.
 */
class PackageRulesTest {
    private static final String ROOT = "dev.cortado.shim";
    private static final Pattern ROW =
            Pattern.compile("^\\| `(dev\\.cortado\\.shim[\\w.]*)` \\|.*\\| ([^|]+) \\|$", Pattern.MULTILINE);
    private static final Pattern TICKED = Pattern.compile("^`([\\w.]+)`$");
    private static final Map<String, String> WORDS =
            Map.of("JNA", "com.sun.jna..", "gRPC", "io.grpc..", "generated types", "dev.cortado.api..");
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    /** package -> the package patterns it may not use, from the README's table. */
    static Map<String, List<String>> table() throws IOException {
        Map<String, List<String>> rules = new LinkedHashMap<>();
        Matcher row = ROW.matcher(Files.readString(Path.of("README.md")));
        while (row.find()) {
            rules.put(row.group(1), forbidden(row.group(1), row.group(2)));
        }
        return rules;
    }

    private static List<String> forbidden(String pkg, String column) {
        List<String> out = new ArrayList<>();
        for (String term : column.replaceAll("\\(.*?\\)", "").split(",")) {
            String t = term.trim();
            Matcher ticked = TICKED.matcher(t);
            if (WORDS.containsKey(t)) {
                out.add(WORDS.get(t));
            } else if (t.equals("any other shim package")) {
                out.add(ROOT + "..");
            } else if (ticked.matches()) {
                out.add(ROOT + "." + ticked.group(1) + "..");
            } else {
                throw new IllegalArgumentException("shim/README.md, row " + pkg + ": unknown term \"" + t + "\"");
            }
        }
        return out;
    }

    /** The rule of one row: no class of {@code pkg} uses what the row forbids (its own package aside). */
    static ArchRule rule(String pkg, List<String> forbidden) {
        return noClasses()
                .that()
                .resideInAPackage(pkg)
                .should()
                .dependOnClassesThat(
                        resideInAnyPackage(forbidden.toArray(String[]::new)).and(not(resideInAPackage(pkg))))
                .as(pkg + " uses none of " + forbidden + " (shim/README.md)")
                .allowEmptyShould(true);
    }

    private static Set<String> packages() {
        Set<String> out = new TreeSet<>();
        CLASSES.stream()
                .map(JavaClass::getPackageName)
                .filter(p -> !p.equals(ROOT))
                .forEach(out::add);
        return out;
    }

    @Test
    void theTableWasRead() throws IOException {
        assertThat(table()).hasSizeGreaterThan(8);
        assertThat(table().get("dev.cortado.shim.task"))
                .contains(
                        "com.sun.jna..",
                        "dev.cortado.shim.linux..",
                        "dev.cortado.api..",
                        "io.grpc..",
                        "dev.cortado.shim.task.api..");
        assertThat(table().get("dev.cortado.shim.spec")).containsExactly("com.sun.jna..", "dev.cortado.shim..");
    }

    @Test
    void everyPackage_isInTheTable() throws IOException {
        Set<String> documented = table().keySet();
        assertThat(packages())
                .allSatisfy(
                        p -> assertThat(documented).as("README row for %s", p).contains(p));
    }

    @Test
    void everyPackage_usesNothingItsRowForbids() throws IOException {
        table().forEach((pkg, forbidden) -> rule(pkg, forbidden).check(CLASSES));
    }

    @Test
    void everyPackage_hasPackageInfo() {
        for (String pkg : packages()) {
            Path dir = Path.of("src/main/java", pkg.replace('.', '/'));
            assertThat(dir.resolve("package-info.java"))
                    .as("package-info in %s", dir)
                    .exists();
        }
    }

    /** What an import-line scanner missed: a fully qualified name in the middle of a method. */
    @Test
    void aFullyQualifiedNameInline_breaksTheRule(@TempDir Path tmp) throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src/dev/cortado/shim/spec"))
                .resolve("Inline.java");
        Files.writeString(src, """
                package dev.cortado.shim.spec;

                final class Inline {
                    Object nativeNull() {
                        return com.sun.jna.Pointer.NULL;
                    }
                }
                """);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String jna = Path.of(URI.create(Pointer.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toString()))
                .toString();
        int exit = javac.run(
                null,
                null,
                null,
                "-proc:none",
                "-d",
                tmp.resolve("classes").toString(),
                "-classpath",
                jna,
                src.toString());
        assertThat(exit).as("javac").isZero();
        JavaClasses mutated = new ClassFileImporter().importPath(tmp.resolve("classes"));

        assertThatThrownBy(() -> rule("dev.cortado.shim.spec", table().get("dev.cortado.shim.spec"))
                        .check(mutated))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Inline")
                .hasMessageContaining("com.sun.jna");
    }
}

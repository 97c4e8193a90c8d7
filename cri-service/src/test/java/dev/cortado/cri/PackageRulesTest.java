package dev.cortado.cri;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps the package table of cri-service/README.md true on the compiled classes: the table's
 * "may not import" column is read and checked with ArchUnit, so the README is the rule and a
 * fully qualified name inline counts as much as an import. Words in that column: "generated
 * protos" ({@code dev.cortado.api}), a backticked package relative to {@code dev.cortado.cri}
 * (with its subpackages), "every domain package" / "every other domain package" (every
 * {@code dev.cortado.cri} package but {@code daemon}, {@code grpc}, {@code linux} and the
 * package itself), "everything but `dev.cortado.errors`".
 */
class PackageRulesTest {
    private static final String ROOT = "dev.cortado.cri";
    private static final Pattern ROW =
            Pattern.compile("^\\| `(dev\\.cortado\\.cri[\\w.]*)` \\|.*\\| ([^|]+) \\|$", Pattern.MULTILINE);
    private static final Pattern TICKED = Pattern.compile("`([\\w.]+)`");
    private static final Set<String> NOT_DOMAIN = Set.of("daemon", "grpc", "linux");
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    /** package -> what it may not use, as package patterns. */
    static Map<String, List<String>> table() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        Map<String, List<String>> rules = new LinkedHashMap<>();
        Matcher row = ROW.matcher(readme);
        while (row.find()) {
            rules.put(row.group(1), forbidden(row.group(1), row.group(2).replaceAll("\\(.*?\\)", "")));
        }
        return rules;
    }

    private static List<String> forbidden(String pkg, String column) {
        List<String> out = new ArrayList<>();
        String text = column.trim();
        if (text.startsWith("everything but")) {
            out.add("dev.cortado..");
            return out;
        }
        if (text.contains("generated protos")) {
            out.add("dev.cortado.api..");
        }
        if (text.contains("every domain package") || text.contains("every other domain package")) {
            for (String other : packages()) {
                String rel = other.substring(ROOT.length() + 1);
                String top = rel.contains(".") ? rel.substring(0, rel.indexOf('.')) : rel;
                if (!NOT_DOMAIN.contains(top)
                        && !other.equals(pkg)
                        && !pkg.startsWith(other + ".")
                        && !other.startsWith(pkg + ".")) {
                    out.add(other);
                }
            }
        }
        Matcher ticked = TICKED.matcher(text.replaceAll("every (other )?domain package", ""));
        while (ticked.find()) {
            out.add(ROOT + "." + ticked.group(1) + "..");
        }
        return out;
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
        assertThat(table()).hasSizeGreaterThan(15).containsKey("dev.cortado.cri.linux");
        assertThat(table().get("dev.cortado.cri.store"))
                .contains("dev.cortado.api..", "dev.cortado.cri.grpc..", "dev.cortado.cri.sandbox")
                .doesNotContain("dev.cortado.cri.store");
    }

    @Test
    void everyPackage_isInTheTable() throws IOException {
        Set<String> documented = table().keySet();
        assertThat(packages())
                .allSatisfy(
                        p -> assertThat(documented).as("README row for %s", p).contains(p));
    }

    @Test
    void onlyTheMetricsPackage_usesThePrometheusClient() {
        noClasses()
                .that()
                .resideOutsideOfPackage(ROOT + ".metrics..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.prometheus..")
                .because("domain code reports through its own small interfaces (image.PullRecorder)")
                .check(CLASSES);
    }

    @Test
    void everyPackage_usesNothingItsRowForbids() throws IOException {
        for (Map.Entry<String, List<String>> rule : table().entrySet()) {
            if (rule.getValue().isEmpty()) {
                continue;
            }
            String pkg = rule.getKey();
            var forbidden = resideInAnyPackage(rule.getValue().toArray(String[]::new));
            var exception = pkg.equals("dev.cortado.cri.image.reference")
                    ? resideInAnyPackage("dev.cortado.errors..", pkg)
                    : resideInAnyPackage(pkg);
            noClasses()
                    .that()
                    .resideInAPackage(pkg)
                    .should()
                    .dependOnClassesThat(forbidden.and(com.tngtech.archunit.base.DescribedPredicate.not(exception)))
                    .as(pkg + " uses none of " + rule.getValue() + " (cri-service/README.md)")
                    .allowEmptyShould(true)
                    .check(CLASSES);
        }
    }
}

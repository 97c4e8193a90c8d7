package dev.cortado.cri.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;

/**
 * Golden files: each case of {@link GoldenCases} must give exactly the JSON in {@code
 * src/test/resources/golden/<case>.json}, compared as JSON trees. After an intended change,
 * regenerate them and review the diff:
 *
 * <pre>mvn -pl cri-service test -Dtest=GoldenSpecTest -Dcortado.golden.update=true</pre>
 */
class GoldenSpecTest {
    private static final Path DIR = Path.of("src/test/resources/golden");
    private static final boolean UPDATE = Boolean.getBoolean("cortado.golden.update");

    @TestFactory
    Stream<DynamicTest> everyCase_matchesItsGoldenFile() {
        return GoldenCases.all().entrySet().stream()
                .map(e -> DynamicTest.dynamicTest(e.getKey(), () -> check(e.getKey(), e.getValue())));
    }

    @Test
    void everyGoldenFile_hasACase() throws IOException {
        Map<String, Supplier<GoldenCases.Case>> cases = GoldenCases.all();
        try (Stream<Path> files = Files.list(DIR)) {
            List<String> orphans = files.map(p -> p.getFileName().toString().replaceFirst("\\.json$", ""))
                    .filter(name -> !cases.containsKey(name))
                    .toList();
            assertThat(orphans).as("golden files without a case").isEmpty();
        }
        assertThat(cases).hasSizeGreaterThanOrEqualTo(8);
    }

    private static void check(String name, Supplier<GoldenCases.Case> c) throws IOException {
        String json = OciJson.toString(c.get().build().spec());
        Path file = DIR.resolve(name + ".json");
        if (UPDATE) {
            Files.createDirectories(DIR);
            Files.writeString(file, json);
        }
        assertThat(file)
                .as("golden file (regenerate with -Dcortado.golden.update=true)")
                .exists();
        JsonNode expected = OciJson.mapper().readTree(Files.readString(file));
        JsonNode actual = OciJson.mapper().readTree(json);
        assertThat(actual)
                .as(name + ": spec differs from " + file + "; actual:\n" + json)
                .isEqualTo(expected);
    }
}

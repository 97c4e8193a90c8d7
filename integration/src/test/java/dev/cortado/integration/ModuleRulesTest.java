package dev.cortado.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the module rules of DESIGN.md true by reading the sources and poms: cri-service never
 * depends on shim, cgroups has no protobuf/gRPC/JNA, only {@code *.linux} packages import JNA,
 * and within each module the package import graph has no cycle.
 */
class ModuleRulesTest {
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+)\\.[\\w*]+;", Pattern.MULTILINE);

    record Source(Path file, String pkg, List<String> imports) {
    }

    private static List<Source> sources(String module) {
        Path main = Repo.root().resolve(module).resolve("src/main/java");
        if (!Files.isDirectory(main)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(main)) {
            return files.filter(p -> p.toString().endsWith(".java")).map(ModuleRulesTest::parse).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Source parse(Path file) {
        try {
            String text = Files.readString(file);
            Matcher pkg = PACKAGE.matcher(text);
            String name = pkg.find() ? pkg.group(1) : "";
            List<String> imports = new ArrayList<>();
            Matcher imp = IMPORT.matcher(text);
            while (imp.find()) {
                imports.add(imp.group(1));
            }
            return new Source(file, name, imports);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> violations(String module, Pattern forbidden) {
        return sources(module).stream().flatMap(s -> s.imports().stream()
                .filter(i -> forbidden.matcher(i).lookingAt()).map(i -> s.file() + " imports " + i)).toList();
    }

    private static String pom(String module) throws IOException {
        return Files.readString(Repo.root().resolve(module).resolve("pom.xml"));
    }

    @Test
    void criService_neverDependsOnShim() throws IOException {
        assertThat(pom("cri-service")).doesNotContain("<artifactId>cortado-shim</artifactId>");
        assertThat(violations("cri-service", Pattern.compile("dev\\.cortado\\.shim"))).isEmpty();
    }

    @Test
    void cgroups_hasNoProtobufGrpcOrJna() throws IOException {
        String pom = pom("cgroups");
        for (String artifact : List.of("cortado-proto", "protobuf-java", "grpc-", "jna")) {
            assertThat(pom).as("cgroups/pom.xml").doesNotContain("<artifactId>" + artifact);
        }
        assertThat(violations("cgroups", Pattern.compile("com\\.google\\.protobuf|io\\.grpc|com\\.sun\\.jna|dev\\.cortado\\.api")))
                .isEmpty();
    }

    @Test
    void onlyLinuxPackages_importJna() {
        List<String> offenders = new ArrayList<>();
        for (String module : List.of("proto", "cgroups", "shim", "cri-service")) {
            for (Source s : sources(module)) {
                boolean usesJna = s.imports().stream().anyMatch(i -> i.startsWith("com.sun.jna"));
                if (usesJna && !s.pkg().endsWith(".linux")) {
                    offenders.add(s.file() + " (package " + s.pkg() + ")");
                }
            }
        }
        assertThat(offenders).isEmpty();
    }

    @Test
    void packageGraph_isAcyclicInEveryModule() {
        for (String module : List.of("proto", "cgroups", "shim", "cri-service")) {
            Map<String, Set<String>> graph = new HashMap<>();
            for (Source s : sources(module)) {
                Set<String> edges = graph.computeIfAbsent(s.pkg(), k -> new HashSet<>());
                s.imports().stream().filter(i -> i.startsWith("dev.cortado.") && !i.equals(s.pkg())).forEach(edges::add);
            }
            assertThat(findCycle(graph)).as("package cycle in " + module).isEmpty();
        }
    }

    @Test
    void cycleFinder_findsACycle() {
        Map<String, Set<String>> graph = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"));
        assertThat(findCycle(graph)).hasSize(4).startsWith(findCycle(graph).get(3));
        assertThat(findCycle(Map.of("a", Set.of("b"), "b", Set.of()))).isEmpty();
    }

    /** A cycle as a list of packages, or empty; iterative-enough DFS for graphs of this size. */
    static List<String> findCycle(Map<String, Set<String>> graph) {
        Map<String, Integer> state = new HashMap<>();
        for (String start : graph.keySet()) {
            List<String> path = new ArrayList<>();
            if (visit(start, graph, state, path)) {
                // the last node closes the cycle: drop the way in before its first visit
                return List.copyOf(path.subList(path.indexOf(path.get(path.size() - 1)), path.size()));
            }
        }
        return List.of();
    }

    private static boolean visit(String node, Map<String, Set<String>> graph, Map<String, Integer> state,
            List<String> path) {
        Integer s = state.get(node);
        if (s != null) {
            if (s == 1) {
                path.add(node);
            }
            return s == 1;
        }
        state.put(node, 1);
        path.add(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            if (graph.containsKey(next) && visit(next, graph, state, path)) {
                return true;
            }
        }
        path.remove(path.size() - 1);
        state.put(node, 2);
        return false;
    }
}

package dev.cortado.api;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The upstream wire facts in {@code <repo>/../shared/wire/}, the authority our .proto files must
 * match, and the supplementary facts in the test resources {@code wire/} for upstream files the
 * shared folder does not cover.
 *
 * <p>The shared folder lives beside the clone, in CI as on a workstation; a missing folder is a
 * failure, not a skip, because CI always has it.
 */
final class UpstreamFacts {

    /** The facts files, one per upstream source (see shared/wire/README.md). */
    static final List<String> FILES =
            List.of("cri-runtime-v1.facts", "containerd-api.facts", "ttrpc.facts", "cgroups-v2-metrics.facts");

    /** The supplementary facts files, test resources under {@code /wire/} (see the README there). */
    static final List<String> SUPPLEMENTS =
            List.of("containerd-introspection.facts", "containerd-runtimeoptions.facts");

    private UpstreamFacts() {}

    /** Every fact of every facts file. */
    static SortedSet<String> load() {
        Path dir = directory(Path.of("").toAbsolutePath());
        SortedSet<String> facts = new TreeSet<>();
        for (String name : FILES) {
            Path file = dir.resolve(name);
            if (!Files.isRegularFile(file)) {
                fail("wire facts file %s is missing", file);
            }
            facts.addAll(read(file));
        }
        return facts;
    }

    /** Every fact of every supplementary facts file. */
    static SortedSet<String> supplements() {
        SortedSet<String> facts = new TreeSet<>();
        for (String name : SUPPLEMENTS) {
            URL resource = UpstreamFacts.class.getResource("/wire/" + name);
            if (resource == null) {
                fail("supplementary wire facts /wire/%s are not on the test classpath", name);
            }
            try {
                facts.addAll(read(Path.of(resource.toURI())));
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return facts;
    }

    /** {@code <repo>/../shared/wire} for the repository that start (the module when Maven runs) is in. */
    static Path directory(Path start) {
        Path root = repositoryRoot(start);
        Path dir = root.getParent().resolve("shared").resolve("wire");
        if (!Files.isDirectory(dir)) {
            fail(
                    "wire facts directory %s not found: shared/ must sit beside the clone"
                            + " (CI puts it at <repo>/../shared)",
                    dir);
        }
        return dir;
    }

    /** The nearest directory, from start upwards, whose pom.xml declares {@code <modules>}. */
    static Path repositoryRoot(Path start) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path pom = dir.resolve("pom.xml");
            if (Files.isRegularFile(pom) && read(pom).stream().anyMatch(l -> l.contains("<modules>"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no pom.xml with <modules> above " + start);
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file).stream()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}

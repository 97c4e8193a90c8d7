package dev.cortado.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.FileDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Proves that our .proto files are wire-identical to upstream: for every upstream package, the
 * facts of what we generate equal the facts in {@code ../shared/wire/} exactly.
 *
 * <p>Two sources of "ours" are checked: the descriptor set protoc wrote next to the classes, and
 * the descriptors embedded in the generated Java classes, so the test covers what is compiled.
 * Upstream files the shared folder does not cover are checked against the supplementary facts
 * in the test resources {@code wire/}; our own packages ({@link #OWN_PACKAGES}) have no upstream.
 */
class WireFactsTest {

    static final String DESCRIPTOR_SET = "/META-INF/cortado/cortado-wire.pb";
    static final int TOTAL_FACTS = 1098;
    static final int SUPPLEMENT_FACTS = 14;

    /** Every package the facts files cover. */
    static final List<String> UPSTREAM_PACKAGES = List.of(
            "runtime.v1",
            "containerd.task.v2",
            "containerd.task.v3",
            "containerd.types",
            "containerd.v1.types",
            "containerd.events",
            "containerd.services.events.ttrpc.v1",
            "containerd.runtime.bootstrap.v1",
            "containerd.runc.v1",
            "runtimeoptions.v1",
            "io.containerd.cgroups.v2",
            "ttrpc",
            "google.rpc");

    /** Packages that are Cortado's own, not a copy of an upstream API. */
    static final List<String> OWN_PACKAGES = List.of("cortado.shim.v1");

    private static SortedSet<String> shared;
    private static SortedSet<String> supplements;
    private static SortedSet<String> upstream;
    private static List<FileDescriptorProto> descriptorSet;

    @BeforeAll
    static void load() throws IOException {
        shared = UpstreamFacts.load();
        supplements = UpstreamFacts.supplements();
        upstream = new TreeSet<>(shared);
        upstream.addAll(supplements);
        try (InputStream in = WireFactsTest.class.getResourceAsStream(DESCRIPTOR_SET)) {
            assertThat(in)
                    .as("descriptor set %s on the classpath", DESCRIPTOR_SET)
                    .isNotNull();
            descriptorSet = FileDescriptorSet.parseFrom(in).getFileList();
        }
    }

    @Test
    void upstreamFacts_total1098_allInKnownPackages() {
        assertThat(shared).hasSize(TOTAL_FACTS);
        assertThat(upstream)
                .allSatisfy(fact -> assertThat(WireFacts.packageOf(fact, UPSTREAM_PACKAGES))
                        .as(fact)
                        .isPresent());
    }

    @Test
    void supplementaryFacts_total14_noneAlreadyShared() {
        assertThat(supplements).hasSize(SUPPLEMENT_FACTS);
        assertThat(supplements)
                .as("facts ../shared/wire lists now: remove them from the supplements")
                .doesNotContainAnyElementsOf(shared);
    }

    @Test
    void descriptorSet_producesAllUpstreamFacts() {
        assertThat(WireFacts.of(descriptorSet, UPSTREAM_PACKAGES)).hasSize(TOTAL_FACTS + SUPPLEMENT_FACTS);
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("UPSTREAM_PACKAGES")
    void descriptorSet_matchesUpstreamFacts(String pkg) {
        assertSameFacts(pkg, facts(descriptorSet, pkg));
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("UPSTREAM_PACKAGES")
    void generatedJavaClasses_matchUpstreamFacts(String pkg) {
        List<FileDescriptorProto> embedded = descriptorSet.stream()
                .filter(file -> file.getPackage().equals(pkg))
                .map(WireFactsTest::embeddedDescriptor)
                .toList();
        assertThat(embedded).as("generated files of package %s", pkg).isNotEmpty();
        assertSameFacts(pkg, facts(embedded, pkg));
    }

    @Test
    void everyGeneratedPackage_isCoveredByUpstreamFacts() {
        Set<String> ours = descriptorSet.stream()
                .map(FileDescriptorProto::getPackage)
                .filter(pkg -> !pkg.equals("google.protobuf") && !OWN_PACKAGES.contains(pkg))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(ours).isSubsetOf(UPSTREAM_PACKAGES);
    }

    private static void assertSameFacts(String pkg, SortedSet<String> ours) {
        SortedSet<String> expected = upstream.stream()
                .filter(fact -> WireFacts.packageOf(fact, UPSTREAM_PACKAGES)
                        .orElseThrow()
                        .equals(pkg))
                .collect(Collectors.toCollection(TreeSet::new));
        FactsDiff diff = FactsDiff.between(expected, ours);
        assertThat(diff.isEmpty())
                .withFailMessage("wire facts of package %s differ from ../shared/wire:%n%s", pkg, diff.describe())
                .isTrue();
        assertThat(expected).as("upstream facts of %s", pkg).isNotEmpty();
    }

    /** Facts of the files of exactly this package (not of packages it merely prefixes). */
    private static SortedSet<String> facts(List<FileDescriptorProto> files, String pkg) {
        return WireFacts.of(
                files.stream().filter(f -> f.getPackage().equals(pkg)).toList(), List.of());
    }

    /** The descriptor compiled into the file's generated outer class, found by its java options. */
    private static FileDescriptorProto embeddedDescriptor(FileDescriptorProto file) {
        String outer =
                file.getOptions().getJavaPackage() + "." + file.getOptions().getJavaOuterClassname();
        assertThat(file.getOptions().hasJavaOuterClassname())
                .as("%s declares java_outer_classname", file.getName())
                .isTrue();
        try {
            Object descriptor = Class.forName(outer).getMethod("getDescriptor").invoke(null);
            return ((FileDescriptor) descriptor).toProto();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("no generated class " + outer + " for " + file.getName(), e);
        }
    }
}

package dev.cortado.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.shim.launch.MountFlags;
import dev.cortado.shim.spec.Spec;
import dev.cortado.shim.spec.SpecReader;
import dev.cortado.shim.spec.UnsupportedFeatures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The specs cortado writes (cri-service's golden files, produced by {@code cri.spec}) are read
 * by the shim as written: its reader for new containers accepts each one, every mount option
 * parses, and what the launcher uses (argv, user, capabilities, namespaces, cgroup, devices,
 * limits, seccomp rules) comes out equal to the JSON. cri-service may not depend on the shim, so
 * this check lives here, where both are on the classpath.
 */
class CriSpecShimCompatTest {
    private static final Path GOLDEN = Repo.root().resolve("cri-service/src/test/resources/golden");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TestFactory
    Stream<DynamicTest> everyGoldenSpec_isReadByTheShimAsWritten() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(GOLDEN)) {
            files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(8);
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f)));
    }

    private static void check(Path file) throws IOException {
        String text = Files.readString(file);
        JsonNode json = JSON.readTree(text);
        SpecReader reader = new SpecReader(new UnsupportedFeatures(new UnsupportedFeatures.HostLsm(false, false)));
        Spec spec = reader.parse(text);

        assertThat(spec.process().args())
                .containsExactlyElementsOf(strings(json.path("process").path("args")));
        assertThat(spec.process().env())
                .hasSize(json.path("process").path("env").size());
        assertThat(spec.process().user().uid())
                .isEqualTo(json.path("process").path("user").path("uid").asLong());
        assertThat(spec.process().user().additionalGids())
                .hasSize(
                        json.path("process").path("user").path("additionalGids").size());
        assertThat(spec.process().capabilities().bounding())
                .containsExactlyElementsOf(
                        strings(json.path("process").path("capabilities").path("bounding")));
        assertThat(spec.process().noNewPrivileges())
                .isEqualTo(json.path("process").path("noNewPrivileges").asBoolean());
        assertThat(spec.root().path()).isEqualTo("rootfs");
        assertThat(spec.root().readonly())
                .isEqualTo(json.path("root").path("readonly").asBoolean(false));

        assertThat(spec.mounts()).hasSize(json.path("mounts").size());
        for (Spec.Mount m : spec.mounts()) {
            MountFlags.parse(m.type(), m.options());
        }
        JsonNode linux = json.path("linux");
        assertThat(spec.linux().namespaces()).hasSize(linux.path("namespaces").size());
        assertThat(spec.linux().cgroupsPath())
                .isEqualTo(
                        linux.path("cgroupsPath").isMissingNode()
                                ? null
                                : linux.path("cgroupsPath").asString());
        assertThat(spec.linux().maskedPaths()).containsExactlyElementsOf(strings(linux.path("maskedPaths")));
        assertThat(spec.linux().devices()).hasSize(linux.path("devices").size());
        assertThat(spec.linux().resources().devices())
                .hasSize(linux.path("resources").path("devices").size());
        if (linux.path("resources").has("memory")) {
            assertThat(spec.linux().resources().memory().limit())
                    .isEqualTo(
                            linux.path("resources").path("memory").path("limit").asLong());
        }
        assertThat(spec.linux().resources().hugepageLimits())
                .hasSize(linux.path("resources").path("hugepageLimits").size());
        assertThat(spec.linux().resources().unified())
                .hasSize(linux.path("resources").path("unified").size());
        if (linux.has("seccomp")) {
            assertThat(spec.linux().seccomp().syscalls())
                    .hasSize(linux.path("seccomp").path("syscalls").size());
        } else {
            assertThat(spec.linux().seccomp()).isNull();
        }
    }

    private static List<String> strings(JsonNode array) {
        return array.valueStream().map(JsonNode::asString).toList();
    }
}

package dev.cortado.cri.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The CNI protocol as plugins see it, with scripted fake plugins run as real processes. */
class CniPodNetworkTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final String MAIN_RESULT = """
            {"cniVersion": "1.0.0", "interfaces": [{"name": "eth0", "sandbox": "/run/netns/p"}],
             "ips": [{"interface": 0, "address": "10.9.0.5/24"}]}""";
    static final String LIST = """
            {"cniVersion": "1.0.0", "name": "fake-net", "plugins": [
              {"type": "fake-main", "capabilities": {"portMappings": true}},
              {"type": "fake-meta", "capabilities": {"bandwidth": true}}]}
            """;

    @TempDir
    Path dir;

    Path confDir;
    Path cacheDir;
    FakePlugins plugins;
    CniPodNetwork network;
    PodAttachment pod;

    @BeforeEach
    void setUp() throws Exception {
        confDir = Files.createDirectories(dir.resolve("net.d"));
        cacheDir = dir.resolve("cache");
        plugins = new FakePlugins(dir)
                .returning("loopback", "{\"cniVersion\": \"0.3.1\"}")
                .returning("fake-main", MAIN_RESULT)
                .withAdd(
                        "fake-meta",
                        "sed -n 's/.*\"prevResult\":\\(.*\\)}$/\\1/p' \"" + dir.resolve("log")
                                + "/fake-meta-ADD-eth0.json\"");
        network = network(Duration.ofSeconds(20), Optional.empty());
        pod = new PodAttachment(
                "pod1",
                "web",
                "default",
                "uid-1",
                dir.resolve("netns"),
                List.of(new PodAttachment.PortMapping(8080, 80, "TCP", "")),
                Optional.empty(),
                Optional.empty(),
                List.of());
        Files.createFile(pod.netnsPath());
    }

    private CniPodNetwork network(Duration timeout, Optional<Path> template) {
        return new CniPodNetwork(
                new CniSettings(confDir, List.of(dir.resolve("empty"), plugins.bin), timeout, cacheDir, template),
                new ProcessPluginExecutor());
    }

    @Test
    void add_runsLoopbackThenTheChainInOrder_passingEnvAndPrevResult() throws Exception {
        Files.writeString(confDir.resolve("10-fake.conflist"), LIST);
        PodNetworkStatus status = network.attach(pod);
        assertThat(status.ips()).containsExactly("10.9.0.5");
        assertThat(status.networkName()).isEqualTo("fake-net");
        assertThat(plugins.calls()).containsExactly("loopback ADD lo", "fake-main ADD eth0", "fake-meta ADD eth0");
        assertThat(plugins.fullCalls().get(1))
                .isEqualTo("fake-main ADD eth0 pod1 netns=" + pod.netnsPath()
                        + " IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=web;K8S_POD_INFRA_CONTAINER_ID=pod1;K8S_POD_UID=uid-1"
                        + " path=" + dir.resolve("empty") + ":" + plugins.bin);
        JsonNode mainIn = JSON.readTree(plugins.stdin("fake-main", "ADD", "eth0"));
        assertThat(mainIn.path("name").asString()).isEqualTo("fake-net");
        assertThat(mainIn.path("runtimeConfig")
                        .path("portMappings")
                        .get(0)
                        .path("hostPort")
                        .asInt())
                .isEqualTo(8080);
        assertThat(mainIn.has("prevResult")).isFalse();
        JsonNode metaIn = JSON.readTree(plugins.stdin("fake-meta", "ADD", "eth0"));
        assertThat(metaIn.path("prevResult")).isEqualTo(JSON.readTree(MAIN_RESULT));
        assertThat(metaIn.has("runtimeConfig"))
                .as("bandwidth declared but the pod has none")
                .isFalse();
    }

    @Test
    void del_runsInReverseWithTheCachedConfigAndResult_evenAfterTheConfDirChanged() throws Exception {
        Files.writeString(confDir.resolve("10-fake.conflist"), LIST);
        network.attach(pod);
        Files.delete(confDir.resolve("10-fake.conflist"));
        Files.writeString(
                confDir.resolve("05-other.conf"),
                "{\"cniVersion\": \"1.0.0\", \"name\": \"other\", \"type\": \"nope\"}");
        plugins.clearCalls();
        network.detach(pod);
        assertThat(plugins.calls()).containsExactly("fake-meta DEL eth0", "fake-main DEL eth0", "loopback DEL lo");
        JsonNode mainDel = JSON.readTree(plugins.stdin("fake-main", "DEL", "eth0"));
        assertThat(mainDel.path("name").asString()).isEqualTo("fake-net");
        assertThat(mainDel.path("prevResult")).isEqualTo(JSON.readTree(MAIN_RESULT));
        assertThat(mainDel.path("runtimeConfig")
                        .path("portMappings")
                        .get(0)
                        .path("hostPort")
                        .asInt())
                .isEqualTo(8080);
        assertThat(cacheDir.resolve("pod1.json")).doesNotExist();
    }

    @Test
    void detach_neverAttachedOrTwice_runsNothingAndSucceeds() throws Exception {
        Files.writeString(confDir.resolve("10-fake.conflist"), LIST);
        network.detach(pod);
        assertThat(plugins.calls()).isEmpty();
        network.attach(pod);
        network.detach(pod);
        plugins.clearCalls();
        network.detach(pod);
        assertThat(plugins.calls()).isEmpty();
    }

    @Test
    void detach_ofAPodWhoseNetnsIsGone_passesAnEmptyNetns() throws Exception {
        Files.writeString(confDir.resolve("10-fake.conflist"), LIST);
        network.attach(pod);
        Files.delete(pod.netnsPath());
        plugins.clearCalls();
        network.detach(pod);
        assertThat(plugins.fullCalls()).allSatisfy(call -> assertThat(call).contains(" netns= "));
    }

    @Test
    void pluginErrorJson_becomesAnErrorNamingThePlugin_andTheChainSoFarIsDeleted() throws Exception {
        plugins.withAdd(
                "fake-meta",
                "echo '{\"cniVersion\": \"1.0.0\", \"code\": 11, \"msg\": \"no luck\","
                        + " \"details\": \"try later\"}'; exit 1");
        Files.writeString(confDir.resolve("10-fake.conflist"), LIST);
        assertThatThrownBy(() -> network.attach(pod))
                .isInstanceOf(CortadoException.class)
                .satisfies(e -> assertThat(((CortadoException) e).kind()).isEqualTo(ErrorKind.UNAVAILABLE))
                .hasMessage(
                        "cni ADD of pod pod1 in network \"fake-net\" failed in plugin \"fake-meta\": no luck (code 11):"
                                + " try later");
        assertThat(plugins.calls())
                .containsExactly(
                        "loopback ADD lo",
                        "fake-main ADD eth0",
                        "fake-meta ADD eth0",
                        "fake-meta DEL eth0",
                        "fake-main DEL eth0",
                        "loopback DEL lo");
        assertThat(cacheDir.resolve("pod1.json")).doesNotExist();
    }

    @Test
    void missingPlugin_isAFailedPrecondition_andOnlyThePluginsThatRanAreDeleted() throws Exception {
        Files.writeString(confDir.resolve("10-fake.conflist"), LIST.replace("fake-meta", "fake-missing"));
        assertThatThrownBy(() -> network.attach(pod))
                .isInstanceOf(CortadoException.class)
                .satisfies(e -> assertThat(((CortadoException) e).kind()).isEqualTo(ErrorKind.FAILED_PRECONDITION))
                .hasMessageContaining("plugin \"fake-missing\"")
                .hasMessageContaining(plugins.bin.toString());
        assertThat(plugins.calls())
                .containsExactly("loopback ADD lo", "fake-main ADD eth0", "fake-main DEL eth0", "loopback DEL lo");
        assertThat(cacheDir.resolve("pod1.json")).doesNotExist();
    }

    @Test
    void pluginWithoutResult_orWithoutPodAddress_failsAndRollsBack() throws Exception {
        Files.writeString(confDir.resolve("10-fake.conflist"), LIST);
        plugins.withAdd("fake-meta", "echo 'not json'");
        assertThatThrownBy(() -> network.attach(pod)).hasMessageContaining("without a JSON result");
        plugins.returning("fake-meta", "{\"cniVersion\": \"1.0.0\", \"ips\": []}");
        assertThatThrownBy(() -> network.attach(pod)).hasMessageContaining("no address for eth0");
        assertThat(plugins.calls()).endsWith("fake-meta DEL eth0", "fake-main DEL eth0", "loopback DEL lo");
        assertThat(cacheDir.resolve("pod1.json")).doesNotExist();
    }

    @Test
    void hangingPlugin_isKilledAtTheTimeout() throws Exception {
        plugins.withAdd("fake-meta", "sleep 30");
        Files.writeString(confDir.resolve("10-fake.conflist"), LIST);
        long start = System.nanoTime();
        assertThatThrownBy(
                        () -> network(Duration.ofSeconds(1), Optional.empty()).attach(pod))
                .satisfies(e -> assertThat(((CortadoException) e).kind()).isEqualTo(ErrorKind.DEADLINE_EXCEEDED))
                .hasMessageContaining("fake-meta")
                .hasMessageContaining("within 1 s");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(plugins.calls()).endsWith("fake-meta DEL eth0", "fake-main DEL eth0", "loopback DEL lo");
    }

    @Test
    void failingDel_keepsTheCacheEntry_soThatTheRetryRunsItAgain() throws Exception {
        Files.writeString(confDir.resolve("10-fake.conflist"), LIST);
        network.attach(pod);
        Path meta = plugins.bin.resolve("fake-meta");
        String good = Files.readString(meta);
        Files.writeString(meta, good.replace("#!/bin/sh\n", "#!/bin/sh\n[ \"$CNI_COMMAND\" = DEL ] && exit 3\n"));
        assertThatThrownBy(() -> network.detach(pod))
                .hasMessageContaining("fake-meta")
                .hasMessageContaining("exit status 3");
        assertThat(cacheDir.resolve("pod1.json")).exists();
        Files.writeString(meta, good);
        plugins.clearCalls();
        network.detach(pod);
        assertThat(plugins.calls()).containsExactly("fake-meta DEL eth0", "fake-main DEL eth0", "loopback DEL lo");
        assertThat(cacheDir.resolve("pod1.json")).doesNotExist();
    }

    @Test
    void corruptCacheEntry_detachFallsBackToTheCurrentConfig() throws Exception {
        Files.writeString(confDir.resolve("10-fake.conflist"), LIST);
        Files.createDirectories(cacheDir);
        Files.writeString(cacheDir.resolve("pod1.json"), "{ broken");
        network.detach(pod);
        assertThat(plugins.calls()).containsExactly("fake-meta DEL eth0", "fake-main DEL eth0", "loopback DEL lo");
        assertThat(cacheDir.resolve("pod1.json")).doesNotExist();
    }

    @Test
    void noNetworkConfig_isAFailedPreconditionAndNothingRuns() throws Exception {
        assertThatThrownBy(() -> network.attach(pod))
                .satisfies(e -> assertThat(((CortadoException) e).kind()).isEqualTo(ErrorKind.FAILED_PRECONDITION))
                .hasMessageContaining("network not ready")
                .hasMessageContaining("no network config found in " + confDir);
        assertThat(plugins.calls()).isEmpty();
    }

    @Test
    void updatePodCidr_writesTheTemplateWhenNoConfigExists_andNetworkReadyTurnsTrue() throws Exception {
        Path template = Files.writeString(dir.resolve("template"), LIST.replace("fake-net", "{{.PodCIDR}}"));
        CniPodNetwork templated = network(Duration.ofSeconds(20), Optional.of(template));
        NetworkReadiness readiness = new NetworkReadiness(confDir, List.of(plugins.bin), new CniConfigLoader());
        assertThat(readiness.check().ready()).isFalse();
        templated.updatePodCidr("");
        assertThat(confDir).isEmptyDirectory();
        templated.updatePodCidr("10.201.0.0/24");
        assertThat(readiness.check().ready()).isTrue();
        assertThat(readiness.check().network().orElseThrow().name()).isEqualTo("10.201.0.0/24");
        templated.updatePodCidr("10.202.0.0/24");
        assertThat(readiness.check().network().orElseThrow().name())
                .as("a present config is never replaced")
                .isEqualTo("10.201.0.0/24");
        assertThatThrownBy(() -> templated.updatePodCidr("nonsense"))
                .satisfies(e -> assertThat(((CortadoException) e).kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT));
    }

    @Test
    void updatePodCidr_withoutTemplate_writesNothing() throws Exception {
        network.updatePodCidr("10.201.0.0/24");
        assertThat(confDir).isEmptyDirectory();
    }

    @Test
    void attach_ofAnAttachedPod_isAFailedPrecondition_andLeavesTheFirstAttachmentAlone() throws Exception {
        Files.writeString(confDir.resolve("10-fake.conflist"), LIST);
        network.attach(pod);
        plugins.clearCalls();
        assertThatThrownBy(() -> network.attach(pod))
                .satisfies(e -> assertThat(((CortadoException) e).kind()).isEqualTo(ErrorKind.FAILED_PRECONDITION))
                .hasMessageContaining("already attached");
        assertThat(plugins.calls()).isEmpty();
        assertThat(cacheDir.resolve("pod1.json")).exists();
    }

    @Test
    void attach_afterAnAddCutShortByACrash_deletesItFirst() throws Exception {
        Files.writeString(confDir.resolve("10-fake.conflist"), LIST);
        network.attach(pod);
        String entry = Files.readString(cacheDir.resolve("pod1.json"));
        Files.writeString(cacheDir.resolve("pod1.json"), entry.replaceFirst(",\"result\":\\{.*}}$", "}"));
        plugins.clearCalls();
        assertThat(network.attach(pod).ips()).containsExactly("10.9.0.5");
        assertThat(plugins.calls())
                .containsExactly(
                        "fake-meta DEL eth0",
                        "fake-main DEL eth0",
                        "loopback ADD lo",
                        "fake-main ADD eth0",
                        "fake-meta ADD eth0");
    }
}

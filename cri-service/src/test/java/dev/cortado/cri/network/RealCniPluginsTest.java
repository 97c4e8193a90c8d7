package dev.cortado.cri.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's containernetworking-plugins (bridge, host-local, loopback, portmap) driven by
 * {@link CniPodNetwork} into network namespaces this test creates, on a bridge it owns
 * ({@code cnit<run>}, 10.201.X.1/24 with X a third octet no interface of the host uses): names and subnet are
 * unique per run, so two runs at once (two builds on one host) never share a bridge. No masquerade to any other network, no default route, and
 * the bridge is not a gateway (which would switch on the host's ip_forward): traffic stays
 * between the host and the test's namespaces.
 */
class RealCniPluginsTest {
    private static final Path CNI = Path.of("/usr/lib/cni");
    private static final Path BUSYBOX = Stream.of("/usr/bin/busybox", "/bin/busybox")
            .map(Path::of)
            .filter(Files::isExecutable)
            .findFirst()
            .orElse(Path.of("/bin/busybox"));

    @TempDir
    Path dir;

    Path confDir;
    Path ipamDir;
    CniPodNetwork network;
    final String run = Long.toHexString(System.nanoTime() & 0xffffffL);
    /** At most 15 characters (IFNAMSIZ): "cnit" and six hex digits. */
    final String bridge = "cnit" + run;

    String subnet;
    String hostIp;
    final List<String> namespaces = new ArrayList<>();
    final List<Process> servers = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "network namespaces and bridges need root");
        for (String plugin : List.of("bridge", "host-local", "loopback", "portmap")) {
            assumeTrue(
                    Files.isExecutable(CNI.resolve(plugin)),
                    "CNI plugin " + plugin + " missing (apt-get install containernetworking-plugins)");
        }
        assumeTrue(Files.isExecutable(BUSYBOX), "busybox missing (apt-get install busybox-static)");
        subnet = unusedSubnet();
        hostIp = subnet + ".1";
        HostCommands.run("ip", "link", "add", bridge, "type", "bridge");
        HostCommands.run("ip", "addr", "add", hostIp + "/24", "dev", bridge);
        HostCommands.run("ip", "link", "set", bridge, "up");
        confDir = Files.createDirectories(dir.resolve("net.d"));
        ipamDir = dir.resolve("ipam");
        network = network(List.of(CNI));
    }

    @AfterEach
    void tearDown() {
        servers.forEach(Process::destroyForcibly);
        namespaces.forEach(ns -> HostCommands.exec("ip", "netns", "del", ns));
        HostCommands.exec("ip", "link", "del", bridge);
    }

    /** 10.201.X (X from the run id, then the next free one): no address of the host in it. */
    private String unusedSubnet() {
        int start = Integer.parseInt(run, 16) & 0xff;
        for (int i = 0; i < 256; i++) {
            String candidate = "10.201." + ((start + i) & 0xff);
            if (HostCommands.run("ip", "-o", "addr", "show", "to", candidate + ".0/24")
                    .isBlank()) {
                return candidate;
            }
        }
        throw new IllegalStateException("every 10.201.X.0/24 is in use on this host");
    }

    private CniPodNetwork network(List<Path> binDirs) {
        return new CniPodNetwork(
                new CniSettings(confDir, binDirs, Duration.ofSeconds(30), dir.resolve("cache"), Optional.empty()),
                new ProcessPluginExecutor());
    }

    private String bridgeList(String version, String extraPlugins) {
        return """
                {"cniVersion": "%s", "name": "cnitest", "plugins": [
                  {"type": "bridge", "bridge": "%s", "isGateway": false, "ipMasq": false,
                   "ipam": {"type": "host-local", "dataDir": "%s",
                            "ranges": [[{"subnet": "%s.0/24", "gateway": "%s"}]]}}%s]}
                """.formatted(version, bridge, ipamDir, subnet, hostIp, extraPlugins);
    }

    private static final String PORTMAP = ",\n{\"type\": \"portmap\", \"capabilities\": {\"portMappings\": true}}";

    private PodAttachment pod(int index, PodAttachment.PortMapping... ports) {
        String ns = "cnitest-" + run + "-" + index;
        HostCommands.run("ip", "netns", "add", ns);
        namespaces.add(ns);
        return new PodAttachment(
                "cnitest" + run + "x" + index,
                "pod" + index,
                "cnitest",
                "uid-" + index,
                Path.of("/run/netns", ns),
                List.of(ports),
                Optional.empty(),
                Optional.empty(),
                List.of());
    }

    private static String ns(PodAttachment pod) {
        return pod.netnsPath().getFileName().toString();
    }

    private static boolean ping(PodAttachment from, String ip) {
        return HostCommands.exec("ip", "netns", "exec", ns(from), BUSYBOX.toString(), "ping", "-c1", "-W2", ip)
                        .exitCode()
                == 0;
    }

    /** host-local keeps one file per allocated address (plus its lock and last-reserved files). */
    private List<String> allocatedIps() throws IOException {
        Path net = ipamDir.resolve("cnitest");
        if (!Files.isDirectory(net)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(net)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("[0-9.]+"))
                    .sorted()
                    .toList();
        }
    }

    private List<String> bridgePorts() {
        return HostCommands.run("ip", "-o", "link", "show", "master", bridge)
                .lines()
                .toList();
    }

    private static String natRules() {
        return HostCommands.run("iptables", "-w", "-t", "nat", "-S");
    }

    @Test
    void twoPods_getDistinctIps_reachEachOtherAndTheHost_andTheirOwnLoopback() throws Exception {
        Files.writeString(confDir.resolve("10-cnitest.conflist"), bridgeList("1.0.0", PORTMAP));
        PodAttachment a = pod(1);
        PodAttachment b = pod(2);
        PodNetworkStatus sa = network.attach(a);
        PodNetworkStatus sb = network.attach(b);
        assertThat(sa.ips()).singleElement().asString().startsWith(subnet + ".");
        assertThat(sb.ips()).singleElement().isNotEqualTo(sa.ips().get(0));
        assertThat(sa.networkName()).isEqualTo("cnitest");
        assertThat(sa.resultJson()).contains("\"cniVersion\":\"1.0.0\"");
        assertThat(ping(a, sb.ips().get(0))).as("pod a -> pod b").isTrue();
        assertThat(ping(b, sa.ips().get(0))).as("pod b -> pod a").isTrue();
        assertThat(ping(a, hostIp)).as("pod -> host's bridge address").isTrue();
        assertThat(ping(a, "127.0.0.1")).as("lo is up in the pod").isTrue();
        assertThat(ping(a, "10.202.0.1"))
                .as("no route out of the test's subnet")
                .isFalse();
        assertThat(allocatedIps())
                .containsExactlyInAnyOrder(sa.ips().get(0), sb.ips().get(0));
        network.detach(a);
        network.detach(b);
        assertThat(allocatedIps()).isEmpty();
        assertThat(bridgePorts()).isEmpty();
    }

    @Test
    void portMappingOnLoopback_reachesAServerInThePod_andDelRemovesItsIptablesChains() throws Exception {
        Files.writeString(confDir.resolve("10-cnitest.conflist"), bridgeList("1.0.0", PORTMAP));
        int hostPort = freeLoopbackPort();
        PodAttachment pod = pod(1, new PodAttachment.PortMapping(hostPort, 8080, "TCP", "127.0.0.1"));
        PodNetworkStatus status = network.attach(pod);
        assertThat(natRules()).contains(pod.sandboxId());
        Path www = Files.createDirectories(dir.resolve("www"));
        Files.writeString(www.resolve("index.html"), "hello from the pod\n");
        servers.add(new ProcessBuilder(
                        "ip",
                        "netns",
                        "exec",
                        ns(pod),
                        BUSYBOX.toString(),
                        "httpd",
                        "-f",
                        "-p",
                        "8080",
                        "-h",
                        www.toString())
                .redirectErrorStream(true)
                .start());
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        awaitServer(http, URI.create("http://" + status.ips().get(0) + ":8080/"));
        HttpResponse<String> viaPortMap = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hostPort + "/"))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(viaPortMap.body()).isEqualTo("hello from the pod\n");
        network.detach(pod);
        assertThat(natRules()).doesNotContain(pod.sandboxId());
        assertThat(allocatedIps()).isEmpty();
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return free.getLocalPort();
        }
    }

    private static void awaitServer(HttpClient http, URI uri) throws Exception {
        for (int i = 0; ; i++) {
            try {
                http.send(
                        HttpRequest.newBuilder(uri)
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException e) {
                if (i == 50) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    @Test
    void missingPlugin_failsNamingIt_andLeavesNoIpNoVethNoInterface() throws Exception {
        Files.writeString(
                confDir.resolve("10-cnitest.conflist"),
                bridgeList("1.0.0", PORTMAP + ",\n{\"type\": \"cnitest-missing\"}"));
        PodAttachment pod = pod(1);
        assertThatThrownBy(() -> network.attach(pod))
                .isInstanceOf(CortadoException.class)
                .satisfies(e -> assertThat(((CortadoException) e).kind()).isEqualTo(ErrorKind.FAILED_PRECONDITION))
                .hasMessageContaining("\"cnitest-missing\"");
        assertNothingLeft(pod);
    }

    @Test
    void pluginReturningAnErrorJson_failsWithItsMessage_andLeavesNothing() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path failing = bin.resolve("cnitest-fail");
        Files.writeString(failing, """
                #!/bin/sh
                [ "$CNI_COMMAND" = ADD ] || exit 0
                echo '{"cniVersion": "1.0.0", "code": 7, "msg": "refusing this pod", "details": "by design"}'
                exit 1
                """);
        Files.setPosixFilePermissions(failing, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(
                confDir.resolve("10-cnitest.conflist"), bridgeList("1.0.0", ",\n{\"type\": \"cnitest-fail\"}"));
        PodAttachment pod = pod(1);
        assertThatThrownBy(() -> network(List.of(CNI, bin)).attach(pod))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("plugin \"cnitest-fail\": refusing this pod (code 7): by design");
        assertNothingLeft(pod);
    }

    private void assertNothingLeft(PodAttachment pod) throws IOException {
        assertThat(allocatedIps()).as("host-local allocations").isEmpty();
        assertThat(bridgePorts()).as("veths on the bridge").isEmpty();
        assertThat(HostCommands.run("ip", "netns", "exec", ns(pod), "ip", "-o", "link"))
                .doesNotContain("eth0");
        assertThat(dir.resolve("cache").resolve(pod.sandboxId() + ".json")).doesNotExist();
    }

    @Test
    void singleConf040_worksAndDelTwiceAndAfterTheNetnsAndConfigAreGone_succeeds() throws Exception {
        Files.writeString(confDir.resolve("10-cnitest.conf"), """
                {"cniVersion": "0.4.0", "name": "cnitest", "type": "bridge", "bridge": "%s", "isGateway": false,
                 "ipMasq": false, "ipam": {"type": "host-local", "dataDir": "%s",
                                           "ranges": [[{"subnet": "%s.0/24", "gateway": "%s"}]]}}
                """.formatted(bridge, ipamDir, subnet, hostIp));
        PodAttachment pod = pod(1);
        PodNetworkStatus status = network.attach(pod);
        assertThat(status.resultJson()).contains("\"cniVersion\":\"0.4.0\"");
        assertThat(allocatedIps()).containsExactly(status.ips().get(0));
        HostCommands.run("ip", "netns", "del", ns(pod));
        Files.delete(confDir.resolve("10-cnitest.conf"));
        network.detach(pod);
        assertThat(allocatedIps())
                .as("host-local released without the netns, from the cached config")
                .isEmpty();
        network.detach(pod);
    }

    @Test
    void tenConcurrentAttaches_getDistinctIps_andConcurrentDetachesReleaseThemAll() throws Exception {
        Files.writeString(confDir.resolve("10-cnitest.conflist"), bridgeList("1.0.0", PORTMAP));
        List<PodAttachment> pods = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            pods.add(pod(i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<PodNetworkStatus>> added = new ArrayList<>();
            pods.forEach(p -> added.add(pool.submit(() -> network.attach(p))));
            HashSet<String> ips = new HashSet<>();
            for (Future<PodNetworkStatus> f : added) {
                ips.add(f.get().ips().get(0));
            }
            assertThat(ips).hasSize(10);
            assertThat(allocatedIps()).hasSize(10);
            assertThat(bridgePorts()).hasSize(10);
            List<Future<?>> removed = new ArrayList<>();
            pods.forEach(p -> removed.add(pool.submit(() -> network.detach(p))));
            for (Future<?> f : removed) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(allocatedIps()).isEmpty();
        assertThat(bridgePorts()).isEmpty();
    }

    /** Not a pass/fail check: prints ADD and DEL latency of bridge + host-local + portmap (+ loopback). */
    @Test
    void addAndDelLatency_bridgeHostLocalPortmap() throws Exception {
        Files.writeString(confDir.resolve("10-cnitest.conflist"), bridgeList("1.0.0", PORTMAP));
        PodAttachment pod = pod(1, new PodAttachment.PortMapping(freeLoopbackPort(), 80, "TCP", "127.0.0.1"));
        int runs = 8;
        long[] add = new long[runs];
        long[] del = new long[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            network.attach(pod);
            add[i] = System.nanoTime() - start;
            start = System.nanoTime();
            network.detach(pod);
            del[i] = System.nanoTime() - start;
        }
        Arrays.sort(add);
        Arrays.sort(del);
        System.out.printf(
                "CNI latency over %d runs (ms): ADD min %.1f p50 %.1f max %.1f; DEL min %.1f p50 %.1f max %.1f%n",
                runs,
                add[0] / 1e6,
                add[runs / 2] / 1e6,
                add[runs - 1] / 1e6,
                del[0] / 1e6,
                del[runs / 2] / 1e6,
                del[runs - 1] / 1e6);
        assertThat(allocatedIps()).isEmpty();
        assertThat(natRules()).doesNotContain(pod.sandboxId());
    }
}

package dev.cortado.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cortado.api.cri.v1.DNSConfig;
import dev.cortado.api.cri.v1.LinuxPodSandboxConfig;
import dev.cortado.api.cri.v1.PodSandboxConfig;
import dev.cortado.api.cri.v1.PodSandboxFilter;
import dev.cortado.api.cri.v1.PodSandboxMetadata;
import dev.cortado.api.cri.v1.PodSandboxStatus;
import dev.cortado.api.cri.v1.PortMapping;
import dev.cortado.transport.UnixGrpc;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pods on a real CNI network (Debian's bridge + host-local + portmap; the bridge, subnet and IPAM
 * state are the test's own, no masquerade): distinct IPs that reach each other and the host, the
 * hostname in the pod's UTS namespace, a host port on 127.0.0.1, a failing ADD that leaves
 * nothing behind, and 20 concurrent runs.
 */
class PodsCniEndToEndTest {
    private static final Path CNI_BIN = Path.of("/usr/lib/cni");

    @TempDir
    Path dir;

    String bridge;
    String subnetPrefix;
    String parent;
    Path cgroupRoot;
    final List<Process> servers = new ArrayList<>();

    @BeforeEach
    void requireRootAndPlugins() {
        assumeTrue("root".equals(System.getProperty("user.name")), "pods need root");
        for (String plugin : List.of("bridge", "host-local", "loopback", "portmap")) {
            assumeTrue(Files.isExecutable(CNI_BIN.resolve(plugin)), plugin + " missing (containernetworking-plugins)");
        }
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/busybox")), "busybox missing (busybox-static)");
        cgroupRoot = Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"))
                ? Path.of("/sys/fs/cgroup")
                : Path.of("/sys/fs/cgroup/unified");
        assumeTrue(Files.exists(cgroupRoot.resolve("cgroup.controllers")), "no cgroup2 hierarchy mounted");
        String tag = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
        bridge = "podbr" + tag;
        subnetPrefix = "10.%d.%d"
                .formatted(
                        200 + ThreadLocalRandom.current().nextInt(50),
                        ThreadLocalRandom.current().nextInt(256));
        parent = "pods-cni-" + tag;
    }

    @AfterEach
    void cleanUp() throws Exception {
        servers.forEach(Process::destroyForcibly);
        if (parent == null) {
            return;
        }
        PodLeftovers.clean(dir, cgroupRoot, parent);
        new ProcessBuilder("ip", "link", "del", bridge)
                .redirectErrorStream(true)
                .start()
                .waitFor(); // ours
    }

    private String config(String extraPlugin) throws IOException {
        Path netd = Files.createDirectories(dir.resolve("net.d"));
        Files.writeString(netd.resolve("10-pods.conflist"), """
                {"cniVersion": "1.0.0", "name": "%1$s", "plugins": [
                  {"type": "bridge", "bridge": "%1$s", "isGateway": true, "ipMasq": false,
                   "ipam": {"type": "host-local", "subnet": "%2$s.0/24", "dataDir": "%3$s"}},
                  {"type": "portmap", "capabilities": {"portMappings": true}}%4$s]}
                """.formatted(
                        bridge, subnetPrefix, dir.resolve("ipam"), extraPlugin));
        return "[cni]\nconf_dir = \"%s\"\nbin_dirs = [\"%s\"]\n".formatted(netd, CNI_BIN);
    }

    private PodSandboxConfig.Builder pod(String name) {
        return PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder()
                        .setName(name)
                        .setUid("uid-" + name)
                        .setNamespace("cni"))
                .setLinux(LinuxPodSandboxConfig.newBuilder().setCgroupParent("/" + parent));
    }

    private Path pin(String id, String ns) {
        return dir.resolve("state/ns").resolve(id).resolve(ns);
    }

    @Test
    void twoPods_distinctIps_reachEachOtherAndTheHost_hostnameAndDnsInside() throws Exception {
        try (DaemonProcess daemon = DaemonProcess.start(dir, config(""), Map.of());
                UnixGrpc.Channel channel = daemon.connect()) {
            Crictl crictl = new Crictl(channel);
            String a = crictl.runp(pod("a").setHostname("pod-a")
                    .setDnsConfig(DNSConfig.newBuilder()
                            .addServers("10.10.10.10")
                            .addSearches("google.com")
                            .addOptions("ndots:8"))
                    .build());
            String b = crictl.runp(pod("b").setHostname("pod-b").build());
            PodSandboxStatus statusA = crictl.inspectp(a).getStatus();
            String ipA = statusA.getNetwork().getIp();
            String ipB = crictl.inspectp(b).getStatus().getNetwork().getIp();
            assertThat(ipA).startsWith(subnetPrefix + ".").isNotEqualTo(ipB);
            assertThat(ipB).startsWith(subnetPrefix + ".");

            // the hostname lives in the pod's UTS namespace, DNS and hosts in its files
            assertThat(run("nsenter", "--net=" + pin(a, "net"), "--uts=" + pin(a, "uts"), "hostname"))
                    .isEqualTo("pod-a");
            Path files = dir.resolve("state/pods").resolve(a);
            assertThat(Files.readString(files.resolve("resolv.conf")))
                    .contains("nameserver 10.10.10.10", "search google.com", "options ndots:8");
            assertThat(Files.readString(files.resolve("hosts"))).contains(ipA + "\tpod-a");

            // pod to pod over HTTP, host to pod by pod IP, and localhost inside a pod
            Path www = Files.createDirectories(dir.resolve("www"));
            Files.writeString(www.resolve("hello.txt"), "hello from b\n");
            servers.add(new ProcessBuilder(
                            "nsenter",
                            "--net=" + pin(b, "net"),
                            "busybox",
                            "httpd",
                            "-f",
                            "-p",
                            "8080",
                            "-h",
                            www.toString())
                    .redirectErrorStream(true)
                    .start());
            assertThat(eventually(() -> run(
                            "nsenter",
                            "--net=" + pin(a, "net"),
                            "busybox",
                            "wget",
                            "-q",
                            "-O",
                            "-",
                            "http://" + ipB + ":8080/hello.txt")))
                    .isEqualTo("hello from b");
            assertThat(get("http://" + ipB + ":8080/hello.txt")).isEqualTo("hello from b\n");
            assertThat(run(
                            "nsenter",
                            "--net=" + pin(b, "net"),
                            "busybox",
                            "wget",
                            "-q",
                            "-O",
                            "-",
                            "http://127.0.0.1:8080/hello.txt"))
                    .isEqualTo("hello from b");

            for (String id : List.of(a, b)) {
                crictl.stopp(id);
                crictl.stopp(id);
                crictl.rmp(id);
            }
            assertThat(PodLeftovers.listOrEmpty(dir.resolve("ipam").resolve(bridge)).stream()
                            .map(p -> p.getFileName().toString()))
                    .doesNotContain(ipA, ipB); // CNI DEL released both addresses
        }
    }

    @Test
    void hostPortOnLoopback_reachesAServerInThePod() throws Exception {
        try (DaemonProcess daemon = DaemonProcess.start(dir, config(""), Map.of());
                UnixGrpc.Channel channel = daemon.connect()) {
            Crictl crictl = new Crictl(channel);
            int hostPort = 20000 + ThreadLocalRandom.current().nextInt(20000);
            String id = crictl.runp(pod("web")
                    .addPortMappings(PortMapping.newBuilder()
                            .setContainerPort(8080)
                            .setHostPort(hostPort)
                            .setHostIp("127.0.0.1"))
                    .build());
            Path www = Files.createDirectories(dir.resolve("www"));
            Files.writeString(www.resolve("index.html"), "mapped\n");
            servers.add(new ProcessBuilder(
                            "nsenter",
                            "--net=" + pin(id, "net"),
                            "busybox",
                            "httpd",
                            "-f",
                            "-p",
                            "8080",
                            "-h",
                            www.toString())
                    .redirectErrorStream(true)
                    .start());
            assertThat(eventually(() -> get("http://127.0.0.1:" + hostPort + "/index.html")))
                    .isEqualTo("mapped\n");
            crictl.stopp(id);
            crictl.rmp(id);
        }
    }

    @Test
    void failingCniAdd_leavesNoPinIpCgroupOrRecord() throws Exception {
        try (DaemonProcess daemon =
                        DaemonProcess.start(dir, config(", {\"type\": \"pods-no-such-plugin\"}"), Map.of());
                UnixGrpc.Channel channel = daemon.connect()) {
            Crictl crictl = new Crictl(channel);
            assertThatThrownBy(() -> crictl.runp(pod("broken").build()))
                    .isInstanceOfSatisfying(
                            StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getDescription()).contains("attach network"));
            assertThat(crictl.pods(PodSandboxFilter.getDefaultInstance())).isEmpty();
            assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(dir.toString());
            assertThat(PodLeftovers.listOrEmpty(dir.resolve("state/ns"))).isEmpty();
            assertThat(PodLeftovers.listOrEmpty(cgroupRoot.resolve(parent))).noneMatch(Files::isDirectory);
            assertThat(PodLeftovers.listOrEmpty(dir.resolve("ipam").resolve(bridge)).stream()
                            .map(p -> p.getFileName().toString()))
                    .noneMatch(name -> name.startsWith(subnetPrefix));
        }
    }

    @Test
    void twentyConcurrentRuns_allSucceedWithDistinctIps() throws Exception {
        try (DaemonProcess daemon = DaemonProcess.start(dir, config(""), Map.of());
                UnixGrpc.Channel channel = daemon.connect()) {
            Crictl crictl = new Crictl(channel);
            ExecutorService pool = Executors.newFixedThreadPool(20);
            try {
                List<CompletableFuture<String>> runs = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    PodSandboxConfig config = pod("many-" + i).build();
                    runs.add(CompletableFuture.supplyAsync(() -> crictl.runp(config), pool));
                }
                List<String> ids = runs.stream().map(CompletableFuture::join).toList();
                List<String> ips = ids.stream()
                        .map(id -> crictl.inspectp(id).getStatus().getNetwork().getIp())
                        .toList();
                assertThat(ips).hasSize(20).doesNotHaveDuplicates().allMatch(ip -> ip.startsWith(subnetPrefix + "."));
                ids.stream()
                        .map(id -> CompletableFuture.runAsync(
                                () -> {
                                    crictl.stopp(id);
                                    crictl.rmp(id);
                                },
                                pool))
                        .toList()
                        .forEach(CompletableFuture::join);
            } finally {
                pool.shutdownNow();
            }
            assertThat(crictl.pods(PodSandboxFilter.getDefaultInstance())).isEmpty();
        }
    }

    private interface Attempt {
        String get() throws Exception;
    }

    /** The servers start in the background: retry for up to 10 s. */
    private static String eventually(Attempt attempt) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try {
                return attempt.get();
            } catch (Exception | AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private static String get(String url) throws Exception {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(3))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.waitFor()).as("%s: %s", List.of(command), out).isZero();
        return out;
    }
}

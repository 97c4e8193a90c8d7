package dev.cortado.cri.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.cgroups.resources.CriLinuxContainerResources;
import dev.cortado.cri.store.ObjectKind;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxServiceTest {
    @TempDir
    Path dir;

    SandboxFixture f;
    SandboxService service;

    @BeforeEach
    void setUp() throws Exception {
        f = new SandboxFixture(dir);
        service = f.service();
    }

    @Test
    void run_podNetwork_pinsNamespacesStartsInitAttachesAndPersistsReady() throws Exception {
        Sandbox pod = service.run(SandboxFixture.pod("web")
                .hostname("web-0")
                .labels(Map.of("app", "web"))
                .dns(new DnsConfig(List.of("10.10.10.10"), List.of("google.com"), List.of("ndots:8")))
                .build());

        assertThat(pod.state()).isEqualTo(SandboxState.READY);
        assertThat(pod.config().runtimeHandler()).isEqualTo("cortado");
        assertThat(pod.network().ips()).hasSize(2);
        Path ns = dir.resolve("state/ns").resolve(pod.id());
        assertThat(f.sys.calls)
                .contains(
                        "unshare 0x4c000000",
                        "sethostname web-0",
                        "lo up",
                        "bind /proc/thread-self/ns/net " + ns.resolve("net"),
                        "bind /proc/thread-self/ns/ipc " + ns.resolve("ipc"),
                        "bind /proc/thread-self/ns/uts " + ns.resolve("uts"));
        assertThat(pod.namespaces().pid()).isEqualTo(ns.resolve("pid").toString());
        assertThat(f.init.alive).containsExactly(pod.namespaces().initPid());
        assertThat(f.cgroups.cgroups).containsExactly(pod.cgroupPath());
        Path files = dir.resolve("state/pods").resolve(pod.id());
        assertThat(Files.readString(files.resolve("resolv.conf")))
                .isEqualTo("search google.com\nnameserver 10.10.10.10\noptions ndots:8\n");
        assertThat(Files.readString(files.resolve("hostname"))).isEqualTo("web-0\n");
        assertThat(Files.readString(files.resolve("hosts")))
                .contains(pod.network().primaryIp() + "\tweb-0");
        assertThat(f.sys.mounted()).contains(files.resolve("shm"));
        assertThat(service.status(pod.id().substring(0, 8))).isEqualTo(pod);
    }

    @Test
    void run_hostNetworkNoDns_usesHostNamespacesAndFilesWithoutCni() throws Exception {
        Sandbox pod = service.run(SandboxFixture.pod("host")
                .hostname("ignored")
                .namespaces(new NamespaceOptions(
                        NamespaceMode.NODE, NamespaceMode.NODE, NamespaceMode.NODE, "", NamespaceMode.NODE))
                .build());

        assertThat(f.sys.calls).noneMatch(c -> c.startsWith("unshare") || c.startsWith("bind"));
        assertThat(f.network.attached).isEmpty();
        assertThat(pod.namespaces()).isEqualTo(PodNamespaces.HOST);
        Path files = dir.resolve("state/pods").resolve(pod.id());
        assertThat(Files.readString(files.resolve("resolv.conf"))).isEqualTo("nameserver 192.0.2.53\n");
        assertThat(Files.readString(files.resolve("hostname"))).isEqualTo("the-host\n");
        assertThat(Files.readString(files.resolve("hosts"))).contains("host-entry");
        assertThat(f.sys.mounted()).isEmpty(); // ipc NODE: no shm of its own
    }

    @Test
    void run_sameMetadataTwice_isAlreadyExistsNamingHolder_andAfterRemoveWorksAgain() {
        Sandbox first = service.run(SandboxFixture.pod("dup").build());

        assertThatThrownBy(() -> service.run(SandboxFixture.pod("dup").build()))
                .isInstanceOfSatisfying(CortadoException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.ALREADY_EXISTS);
                    assertThat(e.getMessage())
                            .contains("reserve name dup_ns_uid-dup_1")
                            .contains(first.id());
                });
        assertThat(service.list(SandboxFilter.ALL)).hasSize(1);
        service.stop(first.id());
        service.remove(first.id());
        assertThat(service.run(SandboxFixture.pod("dup").build()).id()).isNotEqualTo(first.id());
    }

    @Test
    void run_nameLeftReservedByACrashedRun_isTakenOver() throws Exception {
        String crashed = dev.cortado.cri.store.Ids.generate();
        f.store.inTransaction(tx -> {
            tx.reserveName(ObjectKind.SANDBOX, "crash_ns_uid-crash_1", crashed);
            return null;
        });
        Files.createDirectories(dir.resolve("state/ns").resolve(crashed));

        Sandbox pod = service.run(SandboxFixture.pod("crash").build());

        Optional<String> holder =
                f.store.inTransaction(tx -> tx.nameHolder(ObjectKind.SANDBOX, "crash_ns_uid-crash_1"));
        assertThat(holder).contains(pod.id());
        assertThat(dir.resolve("state/ns").resolve(crashed)).doesNotExist();
    }

    @Test
    void run_failureAtEachStep_leavesNothingBehind() throws Exception {
        List<Runnable> failures = List.of(
                () -> f.sys.failPrefix = "unshare",
                () -> f.sys.failPrefix = "bind /proc/thread-self/ns/uts",
                () -> f.cgroups.failCreate = true,
                () -> f.init.fail = true,
                () -> f.network.fail = true,
                () -> f.sys.failPrefix = "tmpfs");
        List<String> steps = List.of(
                "create namespaces",
                "create namespaces",
                "create pod cgroup",
                "start pid namespace init",
                "attach network",
                "write pod files");
        for (int i = 0; i < failures.size(); i++) {
            failures.get(i).run();
            assertThatThrownBy(() -> service.run(SandboxFixture.pod("fails").build()))
                    .hasMessageContaining("run pod sandbox: " + steps.get(i));
            assertThat(f.store.list(ObjectKind.SANDBOX)).isEmpty();
            Optional<String> holder =
                    f.store.inTransaction(tx -> tx.nameHolder(ObjectKind.SANDBOX, "fails_ns_uid-fails_1"));
            assertThat(holder).isEmpty();
            assertThat(f.sys.mounted())
                    .as("mounts after failing at %s", steps.get(i))
                    .isEmpty();
            assertThat(f.cgroups.cgroups).isEmpty();
            assertThat(f.init.alive).isEmpty();
            assertThat(f.network.attached).isEmpty();
            assertThat(dir.resolve("state/ns")).isEmptyDirectory();
            Path pods = dir.resolve("state/pods");
            assertThat(Files.exists(pods) ? Files.list(pods).toList() : List.of())
                    .isEmpty();
            f.sys.failPrefix = "";
            f.cgroups.failCreate = false;
            f.init.fail = false;
            f.network.fail = false;
        }
        assertThat(service.run(SandboxFixture.pod("fails").build()).state()).isEqualTo(SandboxState.READY);
    }

    @Test
    void run_unknownHandler_isInvalidArgumentNamingIt_namedHandlerIsKept() {
        assertThatThrownBy(() -> service.run(
                        SandboxFixture.pod("h").runtimeHandler("kata").build()))
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                .hasMessageContaining("\"kata\"");
        assertThat(service.run(SandboxFixture.pod("h").runtimeHandler("runc").build())
                        .config()
                        .runtimeHandler())
                .isEqualTo("runc");
    }

    @Test
    void run_unsupportedNamespaceModes_areClearErrors() {
        NamespaceOptions userns =
                new NamespaceOptions(NamespaceMode.POD, NamespaceMode.POD, NamespaceMode.POD, "", NamespaceMode.POD);
        assertThatThrownBy(() ->
                        service.run(SandboxFixture.pod("u").namespaces(userns).build()))
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNIMPLEMENTED))
                .hasMessageContaining("user namespaces");
        NamespaceOptions target = new NamespaceOptions(
                NamespaceMode.POD, NamespaceMode.TARGET, NamespaceMode.POD, "c1", NamespaceMode.NODE);
        assertThatThrownBy(() ->
                        service.run(SandboxFixture.pod("t").namespaces(target).build()))
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                .hasMessageContaining("TARGET");
        assertThat(f.sys.calls).isEmpty();
    }

    @Test
    void run_sysctls_areWrittenInsideTheNewNamespaces() throws Exception {
        service.run(SandboxFixture.pod("s")
                .sysctls(Map.of("net/core/somaxconn", "1024", "kernel.shmmax", "65536"))
                .build());

        assertThat(Files.readString(dir.resolve("procsys/net/core/somaxconn"))).isEqualTo("1024");
        assertThat(Files.readString(dir.resolve("procsys/kernel/shmmax"))).isEqualTo("65536");
        assertThatThrownBy(() -> service.run(SandboxFixture.pod("s2")
                        .sysctls(Map.of("kernel.pid_max", "9"))
                        .build()))
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                .hasMessageContaining("kernel.pid_max is not namespaced");
        assertThatThrownBy(() -> service.run(SandboxFixture.pod("s3")
                        .sysctls(Map.of("net.no.such", "1"))
                        .build()))
                .hasMessageContaining("sysctl net.no.such does not exist");
        assertThat(f.sys.mounted()).hasSize(4); // only pod s: net, ipc, uts and shm (the fake init pins nothing)
    }

    @Test
    void stop_twice_succeeds_detachesUnmountsShmKillsInit_andKeepsPins() {
        Sandbox pod = service.run(SandboxFixture.pod("stop").build());

        service.stop(pod.id());
        service.stop(pod.id());

        assertThat(service.status(pod.id()).state()).isEqualTo(SandboxState.NOTREADY);
        assertThat(f.network.attached).isEmpty();
        assertThat(f.init.alive).isEmpty();
        assertThat(f.sys.mounted()).noneMatch(p -> p.endsWith("shm")).isNotEmpty();
        assertThatThrownBy(() -> service.stop("ffff"))
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
    }

    @Test
    void remove_readyPod_cleansEverything_andIsIdempotent() throws Exception {
        Sandbox pod = service.run(SandboxFixture.pod("rm").build());

        service.remove(pod.id());
        service.remove(pod.id());
        service.remove("0123");

        assertThat(f.store.list(ObjectKind.SANDBOX)).isEmpty();
        assertThat(f.sys.mounted()).isEmpty();
        assertThat(f.cgroups.cgroups).isEmpty();
        assertThat(f.network.attached).isEmpty();
        assertThat(dir.resolve("state/ns")).isEmptyDirectory();
        assertThat(dir.resolve("state/pods")).isEmptyDirectory();
        assertThatThrownBy(() -> service.status(pod.id()))
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
    }

    @Test
    void list_filtersByIdPrefixStateAndLabels() {
        Sandbox a = service.run(
                SandboxFixture.pod("a").labels(Map.of("app", "x", "tier", "1")).build());
        Sandbox b =
                service.run(SandboxFixture.pod("b").labels(Map.of("app", "x")).build());
        service.stop(b.id());

        assertThat(service.list(SandboxFilter.ALL)).hasSize(2);
        assertThat(service.list(new SandboxFilter(a.id().substring(0, 10), Optional.empty(), Map.of())))
                .extracting(Sandbox::id)
                .containsExactly(a.id());
        assertThat(service.list(new SandboxFilter("", Optional.of(SandboxState.NOTREADY), Map.of())))
                .extracting(Sandbox::id)
                .containsExactly(b.id());
        assertThat(service.list(new SandboxFilter("", Optional.empty(), Map.of("app", "x", "tier", "1"))))
                .extracting(Sandbox::id)
                .containsExactly(a.id());
        assertThat(service.list(new SandboxFilter("", Optional.empty(), Map.of("app", "y"))))
                .isEmpty();
    }

    @Test
    void restart_samesBoot_keepsPods_rebootMakesThemNotReady_andStopRemoveStillClean() throws Exception {
        Sandbox ready = service.run(SandboxFixture.pod("r1").build());
        Sandbox stopped = service.run(SandboxFixture.pod("r2").build());
        service.stop(stopped.id());

        SandboxService restarted = f.service();
        assertThat(restarted.recover()).isZero();
        assertThat(restarted.status(ready.id())).isEqualTo(ready);
        assertThat(restarted.status(stopped.id()).state()).isEqualTo(SandboxState.NOTREADY);

        // a reboot: new boot id, /run emptied (mounts and processes gone)
        f.bootId.set("boot-2");
        f.sys.mounted.clear();
        f.init.alive.clear();
        f.sys.calls.clear();
        SandboxService afterReboot = f.service();
        assertThat(afterReboot.recover()).isEqualTo(1);
        Sandbox back = afterReboot.status(ready.id());
        assertThat(back.state()).isEqualTo(SandboxState.NOTREADY);
        assertThat(back.network()).isEqualTo(ready.network());
        afterReboot.stop(ready.id());
        afterReboot.remove(ready.id());
        afterReboot.remove(stopped.id());
        assertThat(f.sys.calls).noneMatch(c -> c.startsWith("kill")); // a pid of the old boot is never signalled
        assertThat(afterReboot.list(SandboxFilter.ALL)).isEmpty();
        assertThat(f.cgroups.cgroups).isEmpty();
    }

    @Test
    void restart_initDied_podComesBackNotReady() throws Exception {
        Sandbox pod = service.run(SandboxFixture.pod("dead").build());
        f.init.alive.clear();

        SandboxService restarted = f.service();
        assertThat(restarted.recover()).isEqualTo(1);
        assertThat(restarted.status(pod.id()).state()).isEqualTo(SandboxState.NOTREADY);
    }

    @Test
    void updateResources_storesAndApplies_unsupportedOnHostIsStoredOnly() {
        Sandbox pod = service.run(SandboxFixture.pod("res").build());
        CriLinuxContainerResources limits =
                new CriLinuxContainerResources(100000, 50000, 512, 1 << 28, 0, "", "", List.of(), Map.of(), 0);

        service.updateResources(pod.id(), Optional.empty(), Optional.of(limits));
        assertThat(f.cgroups.applied).containsEntry(pod.cgroupPath(), limits);
        assertThat(service.status(pod.id()).config().resources()).contains(limits);

        f.cgroups.unsupportedUpdate = true;
        service.updateResources(pod.id(), Optional.of(limits), Optional.of(limits));
        assertThat(service.status(pod.id()).config().overhead()).contains(limits);
    }

    @Test
    void updateResources_withACgroupParent_limitTheParentThatHoldsEveryContainer() {
        Sandbox pod = service.run(SandboxFixture.pod("parented")
                .cgroupParent("/kubepods/burstable/pod-u9")
                .build());
        CriLinuxContainerResources limits =
                new CriLinuxContainerResources(100000, 50000, 512, 1 << 28, 0, "", "", List.of(), Map.of(), 0);

        service.updateResources(pod.id(), Optional.empty(), Optional.of(limits));

        assertThat(pod.cgroupPath()).isEqualTo("/kubepods/burstable/pod-u9/" + pod.id());
        assertThat(f.cgroups.applied).containsOnlyKeys("/kubepods/burstable/pod-u9");
    }

    @Test
    void updatePodCidr_goesToTheNetwork_emptyIsIgnored() {
        service.updatePodCidr("10.244.0.0/24");
        service.updatePodCidr("");
        assertThat(f.network.podCidr).isEqualTo("10.244.0.0/24");
    }
}

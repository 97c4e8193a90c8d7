package dev.cortado.cri.spec;

import com.google.protobuf.ByteString;
import dev.cortado.api.cri.v1.Capability;
import dev.cortado.api.cri.v1.Device;
import dev.cortado.api.cri.v1.HugepageLimit;
import dev.cortado.api.cri.v1.Int64Value;
import dev.cortado.api.cri.v1.KeyValue;
import dev.cortado.api.cri.v1.LinuxContainerConfig;
import dev.cortado.api.cri.v1.LinuxContainerResources;
import dev.cortado.api.cri.v1.LinuxContainerSecurityContext;
import dev.cortado.api.cri.v1.LinuxPodSandboxConfig;
import dev.cortado.api.cri.v1.LinuxSandboxSecurityContext;
import dev.cortado.api.cri.v1.Mount;
import dev.cortado.api.cri.v1.MountPropagation;
import dev.cortado.api.cri.v1.NamespaceMode;
import dev.cortado.api.cri.v1.NamespaceOption;
import dev.cortado.api.cri.v1.SecurityProfile;
import dev.cortado.api.cri.v1.Signal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;

/** The representative CRI requests whose specs are pinned under {@code src/test/resources/golden/}. */
final class GoldenCases {
    /** One case: the runtime options, the host, the request. */
    record Case(RuntimeOptions options, FakeHost host, SpecRequest request) {
        SpecResult build() {
            return new OciSpecBuilder(options, host).build(request);
        }
    }

    private GoldenCases() {}

    static Map<String, Supplier<Case>> all() {
        Map<String, Supplier<Case>> cases = new LinkedHashMap<>();
        cases.put("minimal-busybox", GoldenCases::minimalBusybox);
        cases.put("kubelet-shaped", GoldenCases::kubeletShaped);
        cases.put("privileged", GoldenCases::privileged);
        cases.put("readonly-rootfs-user-by-name", GoldenCases::readonlyUserByName);
        cases.put("capabilities-drop-all-add-one", GoldenCases::dropAllAddOne);
        cases.put("capabilities-add-all-drop-one", GoldenCases::addAllDropOne);
        cases.put("seccomp-localhost", GoldenCases::seccompLocalhost);
        cases.put("resources-systemd", GoldenCases::resourcesSystemd);
        cases.put("host-namespaces", GoldenCases::hostNamespaces);
        cases.put("image-config", GoldenCases::imageConfig);
        return cases;
    }

    /** critest's default container: busybox, {@code top}, {@code linux {}}. */
    static Case minimalBusybox() {
        return new Case(
                RuntimeOptions.defaults(),
                new FakeHost(),
                Requests.request(Requests.container().addCommand("top"), Requests.pod())
                        .build());
    }

    /** What kubelet sends for a Deployment's container: 300 env vars, volumes, probes' defaults. */
    static Case kubeletShaped() {
        FakeHost host = new FakeHost();
        host.propagations.put(
                "/var/lib/kubelet/pods/0b6e5c6a-uid/volumes/kubernetes.io~empty-dir/shared",
                HostFacts.Propagation.SHARED);
        var sc = LinuxContainerSecurityContext.newBuilder()
                .setNamespaceOptions(NamespaceOption.newBuilder().setPid(NamespaceMode.CONTAINER))
                .addAllMaskedPaths(KubeletPaths.MASKED)
                .addAllReadonlyPaths(KubeletPaths.READONLY)
                .setSeccomp(SecurityProfile.newBuilder().setProfileType(SecurityProfile.ProfileType.RuntimeDefault))
                .setRunAsUser(Int64Value.newBuilder().setValue(1000))
                .setNoNewPrivs(true)
                .setCapabilities(Capability.newBuilder().addDropCapabilities("NET_RAW"));
        var c = Requests.container()
                .setLinux(LinuxContainerConfig.newBuilder()
                        .setSecurityContext(sc)
                        .setResources(LinuxContainerResources.newBuilder()
                                .setCpuPeriod(100000)
                                .setCpuQuota(50000)
                                .setCpuShares(512)
                                .setMemoryLimitInBytes(256L << 20)
                                .setOomScoreAdj(984)))
                .addAllCommand(List.of("/bin/sh", "-c"))
                .addArgs("exec httpd -f -p 8080")
                .setLogPath("app/0.log")
                .putLabels("io.kubernetes.container.name", "app")
                .putLabels("io.kubernetes.pod.name", "web-0")
                .putAnnotations("io.kubernetes.container.hash", "5e1d2c3b")
                .putAnnotations("io.kubernetes.container.terminationMessagePath", "/dev/termination-log")
                .addMounts(Mount.newBuilder()
                        .setContainerPath("/var/run/secrets/kubernetes.io/serviceaccount")
                        .setHostPath(
                                "/var/lib/kubelet/pods/0b6e5c6a-uid/volumes/kubernetes.io~projected/kube-api-access")
                        .setReadonly(true)
                        .setSelinuxRelabel(false))
                .addMounts(Mount.newBuilder()
                        .setContainerPath("/etc/hosts")
                        .setHostPath("/var/lib/kubelet/pods/0b6e5c6a-uid/etc-hosts"))
                .addMounts(Mount.newBuilder()
                        .setContainerPath("/dev/termination-log")
                        .setHostPath("/var/lib/kubelet/pods/0b6e5c6a-uid/containers/app/1f2e3d4c"))
                .addMounts(Mount.newBuilder()
                        .setContainerPath("/shared")
                        .setHostPath("/var/lib/kubelet/pods/0b6e5c6a-uid/volumes/kubernetes.io~empty-dir/shared")
                        .setPropagation(MountPropagation.PROPAGATION_BIDIRECTIONAL));
        for (int i = 0; i < 300; i++) {
            c.addEnvs(KeyValue.newBuilder()
                    .setKey("SERVICE_" + i + "_PORT")
                    .setValue(ByteString.copyFromUtf8("tcp://10.96.0." + i + ":80")));
        }
        var pod = Requests.pod()
                .setLinux(LinuxPodSandboxConfig.newBuilder()
                        .setCgroupParent("/kubepods/burstable/pod0b6e5c6a-uid")
                        .setSecurityContext(LinuxSandboxSecurityContext.newBuilder()
                                .setSeccomp(SecurityProfile.newBuilder()
                                        .setProfileType(SecurityProfile.ProfileType.RuntimeDefault))));
        return new Case(
                RuntimeOptions.defaults(),
                host,
                Requests.request(c, pod).rootfs(MapRootfs.PREDEFINED_GROUP).build());
    }

    /** critest's "Privileged is true": every capability and host device, nothing masked. */
    @SuppressWarnings("deprecation") // the deprecated field on purpose: older kubelets send only it
    static Case privileged() {
        FakeHost host = new FakeHost()
                .device("/dev/null", "c", 1, 3)
                .device("/dev/sda", "b", 8, 0)
                .device("/dev/net/tun", "c", 10, 200);
        var c = Requests.container(LinuxContainerSecurityContext.newBuilder()
                        .setPrivileged(true)
                        .addAllMaskedPaths(KubeletPaths.MASKED)
                        .addAllReadonlyPaths(KubeletPaths.READONLY)
                        .setSeccompProfilePath("runtime/default"))
                .addAllCommand(List.of("sh", "-c", "top"));
        var pod = Requests.pod()
                .setLinux(LinuxPodSandboxConfig.newBuilder()
                        .setSecurityContext(
                                LinuxSandboxSecurityContext.newBuilder().setPrivileged(true)));
        return new Case(
                RuntimeOptions.defaults(), host, Requests.request(c, pod).build());
    }

    /** A read-only rootfs running as a named user and group from the image, groups merged. */
    static Case readonlyUserByName() {
        MapRootfs rootfs = new MapRootfs(Map.of(
                "/etc/passwd", "root:x:0:0:root:/root:/bin/sh\nnginx:x:101:101:nginx:/var/cache/nginx:/sbin/nologin\n",
                "/etc/group", "root:x:0:\nnginx:x:101:\nwww-data:x:33:nginx\nlogs:x:4:nginx,root\n"));
        var c = Requests.container(LinuxContainerSecurityContext.newBuilder()
                        .setReadonlyRootfs(true)
                        .setRunAsUsername("nginx")
                        .addSupplementalGroups(2000))
                .addCommand("nginx");
        return new Case(
                RuntimeOptions.defaults(),
                new FakeHost(),
                Requests.request(c, Requests.pod()).rootfs(rootfs).build());
    }

    /** Drop ALL, add NET_BIND_SERVICE: the RuntimeDefault profile follows the bounding set. */
    static Case dropAllAddOne() {
        var c = Requests.container(LinuxContainerSecurityContext.newBuilder()
                        .setCapabilities(Capability.newBuilder()
                                .addDropCapabilities("ALL")
                                .addAddCapabilities("NET_BIND_SERVICE"))
                        .setSeccomp(SecurityProfile.newBuilder()
                                .setProfileType(SecurityProfile.ProfileType.RuntimeDefault)))
                .addCommand("top");
        return new Case(
                RuntimeOptions.defaults(),
                new FakeHost(),
                Requests.request(c, Requests.pod()).build());
    }

    /** Add ALL, drop CHOWN (with the CAP_ prefix, in lower case): SYS_ADMIN widens the profile. */
    @SuppressWarnings("deprecation") // the deprecated field on purpose: older kubelets send only it
    static Case addAllDropOne() {
        var c = Requests.container(LinuxContainerSecurityContext.newBuilder()
                        .setCapabilities(Capability.newBuilder()
                                .addAddCapabilities("ALL")
                                .addDropCapabilities("cap_chown"))
                        .setSeccompProfilePath("docker/default"))
                .addCommand("top");
        return new Case(
                RuntimeOptions.defaults(),
                new FakeHost(),
                Requests.request(c, Requests.pod()).build());
    }

    /** critest's block-host-name profile, through the deprecated field with its double slash. */
    @SuppressWarnings("deprecation") // the deprecated field on purpose: older kubelets send only it
    static Case seccompLocalhost() {
        FakeHost host = new FakeHost();
        host.files.put(
                "/tmp/seccomp-tests1/block-host-name.json",
                "{\"defaultAction\":\"SCMP_ACT_ALLOW\","
                        + "\"syscalls\":[{\"names\":[\"sethostname\"],\"action\":\"SCMP_ACT_ERRNO\"}]}");
        var c = Requests.container(LinuxContainerSecurityContext.newBuilder()
                        .setSeccompProfilePath("localhost//tmp/seccomp-tests1/block-host-name.json")
                        .setCapabilities(Capability.newBuilder().addAddCapabilities("SYS_ADMIN")))
                .addAllCommand(List.of("sleep", "60"));
        return new Case(
                RuntimeOptions.defaults(),
                host,
                Requests.request(c, Requests.pod()).build());
    }

    /** Every resource field, the systemd driver, a device, and restricted oom_score_adj. */
    static Case resourcesSystemd() {
        FakeHost host = new FakeHost().device("/dev/fuse", "c", 10, 229);
        var c = Requests.container()
                .setLinux(LinuxContainerConfig.newBuilder()
                        .setResources(LinuxContainerResources.newBuilder()
                                .setCpuPeriod(100000)
                                .setCpuQuota(150000)
                                .setCpuShares(1536)
                                .setMemoryLimitInBytes(1L << 30)
                                .setMemorySwapLimitInBytes(2L << 30)
                                .setOomScoreAdj(-998)
                                .setCpusetCpus("0-1")
                                .setCpusetMems("0")
                                .addHugepageLimits(HugepageLimit.newBuilder()
                                        .setPageSize("2MB")
                                        .setLimit(64L << 20))
                                .putUnified("memory.high", "900000000")
                                .putUnified("pids.max", "512")))
                .addDevices(Device.newBuilder()
                        .setHostPath("/dev/fuse")
                        .setContainerPath("/dev/fuse")
                        .setPermissions("rw"))
                .addCommand("top");
        var pod = Requests.pod()
                .setLinux(
                        LinuxPodSandboxConfig.newBuilder().setCgroupParent("kubepods-burstable-pod0b6e5c6a_uid.slice"));
        RuntimeOptions options = RuntimeOptions.builder()
                .systemdCgroup(true)
                .restrictOomScoreAdj(true, -500)
                .build();
        return new Case(options, host, Requests.request(c, pod).build());
    }

    /** hostNetwork, hostPID and hostIPC: no network/uts/ipc/pid namespace, the host's /dev/shm. */
    static Case hostNamespaces() {
        NamespaceOption host = NamespaceOption.newBuilder()
                .setNetwork(NamespaceMode.NODE)
                .setPid(NamespaceMode.NODE)
                .setIpc(NamespaceMode.NODE)
                .build();
        var c = Requests.container(LinuxContainerSecurityContext.newBuilder().setNamespaceOptions(host))
                .addAllCommand(List.of("sh", "-c", "netstat -ln"));
        var pod = Requests.pod()
                .setLinux(LinuxPodSandboxConfig.newBuilder()
                        .setSecurityContext(
                                LinuxSandboxSecurityContext.newBuilder().setNamespaceOptions(host)));
        PodFacts facts = new PodFacts(
                Requests.SANDBOX_ID,
                "",
                "",
                "",
                "",
                "node-1",
                "/run/cortado/pods/" + Requests.SANDBOX_ID + "/hostname",
                "/run/cortado/pods/" + Requests.SANDBOX_ID + "/hosts",
                "/run/cortado/pods/" + Requests.SANDBOX_ID + "/resolv.conf",
                "");
        SpecRequest request = SpecRequest.builder(Requests.CONTAINER_ID, c.build(), pod.build(), facts)
                .image(Requests.BUSYBOX, "docker.io/library/busybox:1.36")
                .build();
        return new Case(RuntimeOptions.defaults(), new FakeHost(), request);
    }

    /** An image with Entrypoint, Cmd, Env, WorkingDir, User uid:gid, Volumes, StopSignal; a tty. */
    static Case imageConfig() {
        ImageConfig image = ImageConfig.builder()
                .entrypoint(List.of("/docker-entrypoint.sh"))
                .cmd(List.of("nginx", "-g", "daemon off;"))
                .env(List.of("PATH=/usr/local/bin:/usr/bin:/bin", "NGINX_VERSION=1.25.3", "LANG=C"))
                .workingDir("/usr/share/nginx")
                .user("101:101")
                .volumes(new TreeSet<>(List.of("/var/cache/nginx", "data")))
                .stopSignal("SIGQUIT")
                .build();
        var c = Requests.container()
                .addArgs("nginx-debug")
                .setTty(true)
                .setStdin(true)
                .addEnvs(KeyValue.newBuilder().setKey("LANG").setValue(ByteString.copyFromUtf8("C.UTF-8")))
                .putAnnotations("example.com/trace", "on")
                .putAnnotations("other.org/ignored", "x")
                .setStopSignal(Signal.SIGNAL_RUNTIME_DEFAULT);
        RuntimeOptions options = RuntimeOptions.builder()
                .containerAnnotations(List.of("example.com/*"))
                .build();
        SpecRequest request = Requests.request(c, Requests.pod())
                .image(image, "docker.io/library/nginx:1.25")
                .volumesDir("/var/lib/cortado/containers/" + Requests.CONTAINER_ID + "/volumes")
                .build();
        return new Case(options, new FakeHost(), request);
    }
}

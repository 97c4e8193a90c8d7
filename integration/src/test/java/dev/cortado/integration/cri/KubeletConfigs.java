package dev.cortado.integration.cri;

import dev.cortado.api.cri.v1.ContainerConfig;
import dev.cortado.api.cri.v1.ContainerMetadata;
import dev.cortado.api.cri.v1.DNSConfig;
import dev.cortado.api.cri.v1.ImageSpec;
import dev.cortado.api.cri.v1.LinuxContainerConfig;
import dev.cortado.api.cri.v1.LinuxContainerResources;
import dev.cortado.api.cri.v1.LinuxContainerSecurityContext;
import dev.cortado.api.cri.v1.LinuxPodSandboxConfig;
import dev.cortado.api.cri.v1.LinuxSandboxSecurityContext;
import dev.cortado.api.cri.v1.Mount;
import dev.cortado.api.cri.v1.MountPropagation;
import dev.cortado.api.cri.v1.NamespaceMode;
import dev.cortado.api.cri.v1.NamespaceOption;
import dev.cortado.api.cri.v1.PodSandboxConfig;
import dev.cortado.api.cri.v1.PodSandboxMetadata;
import dev.cortado.api.cri.v1.PortMapping;
import dev.cortado.api.cri.v1.Protocol;
import dev.cortado.api.cri.v1.SecurityProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * Pod and container configs shaped as kubelet (1.28+, cgroupfs driver) sends them for a
 * BestEffort pod: its labels and annotations, a log directory per pod, a cgroup parent per pod
 * uid, cluster DNS, pod-level namespaces, cpu shares 2 and oom_score_adj 1000. Builders are
 * returned so a test can change any field.
 */
public final class KubeletConfigs {
    /** The default masked and read-only paths kubelet sends for a non-privileged container. */
    static final List<String> MASKED = List.of(
            "/proc/asound",
            "/proc/acpi",
            "/proc/kcore",
            "/proc/keys",
            "/proc/latency_stats",
            "/proc/timer_list",
            "/proc/timer_stats",
            "/proc/sched_debug",
            "/proc/scsi",
            "/sys/firmware");

    static final List<String> READ_ONLY =
            List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");

    /** Kubelet's seccomp profile for a pod that names none (without --seccomp-default). */
    static final SecurityProfile UNCONFINED = SecurityProfile.newBuilder()
            .setProfileType(SecurityProfile.ProfileType.Unconfined)
            .build();

    private KubeletConfigs() {}

    /**
     * A pod {@code namespace/name} with a fresh uid, logs under {@code logRoot/<ns>_<name>_<uid>}
     * (kubelet's /var/log/pods layout; the caller creates it as kubelet does), cgroup parent
     * {@code cgroupRoot/pod<uid>} (cgroupfs form, e.g. "/kubepods/besteffort"), and a port
     * mapping 127.0.0.1:{@code hostPort} to container port 80 when {@code hostPort > 0}.
     */
    public static PodSandboxConfig.Builder pod(
            String namespace, String name, Path logRoot, String cgroupRoot, int hostPort) {
        String uid = UUID.randomUUID().toString();
        PodSandboxConfig.Builder pod = PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder()
                        .setName(name)
                        .setNamespace(namespace)
                        .setUid(uid))
                .setHostname(name)
                .setLogDirectory(
                        logRoot.resolve(namespace + "_" + name + "_" + uid).toString())
                .setDnsConfig(DNSConfig.newBuilder()
                        .addServers("10.96.0.10")
                        .addAllSearches(List.of(namespace + ".svc.cluster.local", "svc.cluster.local", "cluster.local"))
                        .addOptions("ndots:5"))
                .putLabels("io.kubernetes.pod.name", name)
                .putLabels("io.kubernetes.pod.namespace", namespace)
                .putLabels("io.kubernetes.pod.uid", uid)
                .putAnnotations("kubernetes.io/config.source", "api")
                .putAnnotations("kubernetes.io/config.seen", "2026-01-01T00:00:00.000000000Z")
                .setLinux(LinuxPodSandboxConfig.newBuilder()
                        .setCgroupParent(cgroupRoot + "/pod" + uid)
                        .setSecurityContext(LinuxSandboxSecurityContext.newBuilder()
                                .setNamespaceOptions(podNamespaces())
                                .setSeccomp(UNCONFINED)));
        if (hostPort > 0) {
            pod.addPortMappings(PortMapping.newBuilder()
                    .setProtocol(Protocol.TCP)
                    .setContainerPort(80)
                    .setHostPort(hostPort)
                    .setHostIp("127.0.0.1"));
        }
        return pod;
    }

    /**
     * Container {@code name} (attempt 0) of {@code pod} running {@code image} with
     * {@code command}; its log at {@code <name>/0.log} under the pod's log directory, as kubelet.
     */
    public static ContainerConfig.Builder container(
            PodSandboxConfig pod, String name, String image, String... command) {
        PodSandboxMetadata meta = pod.getMetadata();
        return ContainerConfig.newBuilder()
                .setMetadata(ContainerMetadata.newBuilder().setName(name))
                .setImage(ImageSpec.newBuilder().setImage(image).setUserSpecifiedImage(image))
                .addAllCommand(List.of(command))
                .setLogPath(name + "/0.log")
                .putLabels("io.kubernetes.container.name", name)
                .putLabels("io.kubernetes.pod.name", meta.getName())
                .putLabels("io.kubernetes.pod.namespace", meta.getNamespace())
                .putLabels("io.kubernetes.pod.uid", meta.getUid())
                .putAnnotations("io.kubernetes.container.restartCount", "0")
                .putAnnotations("io.kubernetes.container.terminationMessagePath", "/dev/termination-log")
                .putAnnotations("io.kubernetes.container.terminationMessagePolicy", "File")
                .setLinux(LinuxContainerConfig.newBuilder()
                        .setResources(LinuxContainerResources.newBuilder()
                                .setCpuPeriod(100_000)
                                .setCpuShares(2)
                                .setOomScoreAdj(1000))
                        .setSecurityContext(LinuxContainerSecurityContext.newBuilder()
                                .setNamespaceOptions(podNamespaces())
                                .addAllMaskedPaths(MASKED)
                                .addAllReadonlyPaths(READ_ONLY)
                                .setSeccomp(UNCONFINED)));
    }

    /**
     * Creates the directory of {@code container}'s log file under the pod's log directory, as
     * kubelet does before CreateContainer (runtimes only create the file); returns the file.
     */
    public static Path createLogDir(PodSandboxConfig pod, ContainerConfig container) throws IOException {
        Path file = Path.of(pod.getLogDirectory()).resolve(container.getLogPath());
        Files.createDirectories(file.getParent());
        return file;
    }

    /**
     * A host directory mounted with kubelet's Bidirectional propagation (the host path must be a
     * shared mount; the runtime then makes the container's root rshared).
     */
    public static Mount bidirectional(Path hostPath, String containerPath) {
        return Mount.newBuilder()
                .setHostPath(hostPath.toString())
                .setContainerPath(containerPath)
                .setPropagation(MountPropagation.PROPAGATION_BIDIRECTIONAL)
                .build();
    }

    /** Kubelet's defaults: network and ipc shared by the pod, a pid namespace per container. */
    private static NamespaceOption podNamespaces() {
        return NamespaceOption.newBuilder()
                .setNetwork(NamespaceMode.POD)
                .setIpc(NamespaceMode.POD)
                .setPid(NamespaceMode.CONTAINER)
                .build();
    }
}

package dev.cortado.cri.spec;

import dev.cortado.api.cri.v1.Capability;
import dev.cortado.api.cri.v1.ContainerConfig;
import dev.cortado.api.cri.v1.KeyValue;
import dev.cortado.api.cri.v1.LinuxContainerSecurityContext;
import dev.cortado.api.cri.v1.PodSandboxConfig;
import dev.cortado.errors.CortadoException;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;

/**
 * The entry point of CRI -> OCI translation: {@link #build(SpecRequest)} turns one
 * CreateContainer request, the pod's facts and the image's config into the container's OCI spec,
 * with containerd 1.7's CRI defaults and validation (research/reliability.md §2). Pure: the host
 * is only seen through {@link HostFacts} and the image through {@link RootfsFiles}.
 *
 * <p>Every client mistake is INVALID_ARGUMENT naming the field; what Cortado cannot do
 * (user namespaces, CDI, image volume mounts, AppArmor on a host without it) is UNIMPLEMENTED.
 * Pod sysctls are not in a container's spec: the pod sets them in its namespaces when it is
 * created, as containerd sets them in the pause container's spec only.
 */
public final class OciSpecBuilder {
    /** The rootfs directory inside the bundle, as containerd's {@code relativeRootfsPath}. */
    public static final String ROOTFS = "rootfs";

    private final RuntimeOptions options;
    private final HostFacts host;

    public OciSpecBuilder(RuntimeOptions options, HostFacts host) {
        this.options = options;
        this.host = host;
    }

    /** The spec, its image volumes and its stop signal; nothing on the host is changed. */
    public SpecResult build(SpecRequest request) {
        ContainerConfig config = request.config();
        PodSandboxConfig pod = request.sandboxConfig();
        if (!config.hasMetadata() || config.getMetadata().getName().isEmpty()) {
            throw CortadoException.invalidArgument("container config must include metadata with a name");
        }
        if (!pod.hasMetadata()) {
            throw CortadoException.invalidArgument("pod sandbox config must include metadata");
        }
        LinuxContainerSecurityContext sc = config.getLinux().getSecurityContext();
        boolean privileged = sc.getPrivileged();
        if (privileged && !pod.getLinux().getSecurityContext().getPrivileged()) {
            throw CortadoException.invalidArgument(
                    "no privileged container allowed in sandbox %s: the pod is not " + "privileged",
                    request.pod().sandboxId());
        }
        ImageConfig image = request.image();
        List<String> args = ProcessArgs.resolve(config.getCommandList(), config.getArgsList(), image);
        List<String> env = Environment.build(request.pod().hostname(), config.getTty(), image.env(), criEnv(config));
        noNul(args, "command/args");
        noNul(env, "envs");
        String cwd = workingDir(config, image);

        List<String> caps = privileged
                ? host.allCapabilities()
                : CapabilitySets.resolve(
                        sc.hasCapabilities() ? sc.getCapabilities() : Capability.getDefaultInstance(),
                        host.allCapabilities());
        OciSeccomp seccomp = new SeccompSelector(host, options).select(sc, caps);
        String apparmor = new AppArmorSelector(host).select(sc);
        OciSpec.User user = UserResolver.resolve(sc, image.user(), request.rootfs());
        boolean resourcesPresent = config.getLinux().hasResources();
        OciSpec.Process process = new OciSpec.Process(
                config.getTty(),
                user,
                args,
                env,
                cwd,
                OciSpec.Capabilities.of(caps),
                sc.getNoNewPrivs(),
                ResourcesBuilder.oomScoreAdj(resourcesPresent, config.getLinux().getResources(), options),
                apparmor,
                "");

        List<ImageVolume> volumes = ImageVolumes.of(config, image, request.volumesDir(), options);
        MountsBuilder mounts = new MountsBuilder(host, options.recursiveReadOnlyMounts());
        List<OciSpec.Mount> ociMounts = mounts.build(
                DefaultMounts.of(options.unifiedCgroups(), options.cgroupWritable(), privileged),
                config.getMountsList(),
                ContainerMounts.extra(config, request.pod(), volumes));

        DevicesBuilder.Result devices = new DevicesBuilder(host, options).build(config);
        OciLinux linux = new OciLinux(
                NamespacesBuilder.build(
                        sc.getNamespaceOptions(),
                        pod.getLinux().getSecurityContext().getNamespaceOptions(),
                        request.pod(),
                        request.targetPidNamespace(),
                        options.unifiedCgroups() && !privileged),
                List.of(),
                List.of(),
                Map.of(),
                ResourcesBuilder.build(resourcesPresent, config.getLinux().getResources(), devices.rules()),
                cgroupsPath(pod.getLinux().getCgroupParent(), request.containerId()),
                mounts.rootfsPropagation(),
                seccomp,
                devices.devices(),
                privileged ? List.of() : maskedPaths(sc),
                privileged ? List.of() : readonlyPaths(sc),
                "");

        Map<String, String> annotations = CriAnnotations.build(
                request.pod().sandboxId(),
                config.getMetadata().getName(),
                request.imageName(),
                pod,
                config.getAnnotationsMap(),
                options);
        OciSpec spec = new OciSpec(
                OciSpec.VERSION,
                process,
                new OciSpec.Root(ROOTFS, sc.getReadonlyRootfs()),
                "",
                ociMounts,
                annotations,
                linux);
        return new SpecResult(spec, volumes, StopSignals.resolve(config.getStopSignal(), image.stopSignal()));
    }

    private String cgroupsPath(String parent, String id) {
        String path = CgroupsPath.of(parent, id);
        if (options.systemdCgroup() && !path.isEmpty() && path.startsWith("/")) {
            throw CortadoException.invalidArgument(
                    "cgroup_parent %s is not a systemd slice, but the runtime uses the " + "systemd cgroup driver",
                    parent);
        }
        return path;
    }

    /** kubelet's list when it sends one; containerd resets the base spec's to empty first. */
    private List<String> maskedPaths(LinuxContainerSecurityContext sc) {
        return options.disableProcMount() ? KubeletPaths.MASKED : checkPaths(sc.getMaskedPathsList(), "masked_paths");
    }

    private List<String> readonlyPaths(LinuxContainerSecurityContext sc) {
        return options.disableProcMount()
                ? KubeletPaths.READONLY
                : checkPaths(sc.getReadonlyPathsList(), "readonly_paths");
    }

    private static List<String> checkPaths(List<String> paths, String field) {
        for (String p : paths) {
            if (!p.startsWith("/")) {
                throw CortadoException.invalidArgument("%s entry \"%s\" must be an absolute path", field, p);
            }
        }
        return paths;
    }

    private static String workingDir(ContainerConfig config, ImageConfig image) {
        String cwd = !config.getWorkingDir().isEmpty()
                ? config.getWorkingDir()
                : !image.workingDir().isEmpty() ? image.workingDir() : "/";
        if (!cwd.startsWith("/")) {
            throw CortadoException.invalidArgument("working_dir \"%s\" must be an absolute path", cwd);
        }
        return cwd;
    }

    private static List<Map.Entry<String, String>> criEnv(ContainerConfig config) {
        return config.getEnvsList().stream().map(OciSpecBuilder::entry).toList();
    }

    private static Map.Entry<String, String> entry(KeyValue kv) {
        if (kv.getKey().isEmpty() || kv.getKey().contains("=")) {
            throw CortadoException.invalidArgument("env name \"%s\" must be non-empty and contain no '='", kv.getKey());
        }
        return new AbstractMap.SimpleImmutableEntry<>(kv.getKey(), kv.getValue().toString(StandardCharsets.UTF_8));
    }

    private static void noNul(List<String> values, String field) {
        for (String v : values) {
            if (v.indexOf('\0') >= 0) {
                throw CortadoException.invalidArgument("%s contains a NUL byte", field);
            }
        }
    }
}

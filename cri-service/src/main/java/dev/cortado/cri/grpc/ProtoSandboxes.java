package dev.cortado.cri.grpc;

import dev.cortado.api.cri.v1.LinuxContainerResources;
import dev.cortado.api.cri.v1.LinuxPodSandboxConfig;
import dev.cortado.api.cri.v1.LinuxPodSandboxStatus;
import dev.cortado.api.cri.v1.Namespace;
import dev.cortado.api.cri.v1.NamespaceOption;
import dev.cortado.api.cri.v1.PodIP;
import dev.cortado.api.cri.v1.PodSandbox;
import dev.cortado.api.cri.v1.PodSandboxConfig;
import dev.cortado.api.cri.v1.PodSandboxFilter;
import dev.cortado.api.cri.v1.PodSandboxMetadata;
import dev.cortado.api.cri.v1.PodSandboxNetworkStatus;
import dev.cortado.api.cri.v1.PodSandboxState;
import dev.cortado.api.cri.v1.PodSandboxStatus;
import dev.cortado.cgroups.resources.CriLinuxContainerResources;
import dev.cortado.cri.sandbox.DnsConfig;
import dev.cortado.cri.sandbox.NamespaceMode;
import dev.cortado.cri.sandbox.NamespaceOptions;
import dev.cortado.cri.sandbox.PodConfig;
import dev.cortado.cri.sandbox.PortMapping;
import dev.cortado.cri.sandbox.Sandbox;
import dev.cortado.cri.sandbox.SandboxFilter;
import dev.cortado.cri.sandbox.SandboxMetadata;
import dev.cortado.cri.sandbox.SandboxState;
import dev.cortado.errors.CortadoException;
import java.util.Optional;

/** Pod sandbox protos to our records and back; generated types stop here (house rule 2). */
final class ProtoSandboxes {
    private ProtoSandboxes() {}

    static PodConfig config(PodSandboxConfig in, String runtimeHandler) {
        if (!in.hasMetadata()) {
            throw CortadoException.invalidArgument("pod sandbox config has no metadata");
        }
        PodSandboxMetadata m = in.getMetadata();
        PodConfig.Builder out = PodConfig.builder(
                        new SandboxMetadata(m.getName(), m.getUid(), m.getNamespace(), m.getAttempt()))
                .hostname(in.getHostname())
                .logDirectory(in.getLogDirectory())
                .portMappings(in.getPortMappingsList().stream()
                        .map(p -> new PortMapping(
                                p.getProtocol().name().toLowerCase(),
                                p.getContainerPort(),
                                p.getHostPort(),
                                p.getHostIp()))
                        .toList())
                .labels(in.getLabelsMap())
                .annotations(in.getAnnotationsMap())
                .runtimeHandler(runtimeHandler);
        if (in.hasDnsConfig()) {
            out.dns(new DnsConfig(
                    in.getDnsConfig().getServersList(),
                    in.getDnsConfig().getSearchesList(),
                    in.getDnsConfig().getOptionsList()));
        }
        if (in.hasLinux()) {
            LinuxPodSandboxConfig linux = in.getLinux();
            out.cgroupParent(linux.getCgroupParent()).sysctls(linux.getSysctlsMap());
            if (linux.getSecurityContext().hasNamespaceOptions()) {
                out.namespaces(namespaces(linux.getSecurityContext().getNamespaceOptions()));
            }
            if (linux.hasOverhead()) {
                out.overhead(resources(linux.getOverhead()));
            }
            if (linux.hasResources()) {
                out.resources(resources(linux.getResources()));
            }
        }
        return out.build();
    }

    static NamespaceOptions namespaces(NamespaceOption in) {
        NamespaceMode userns =
                in.hasUsernsOptions() ? mode(in.getUsernsOptions().getModeValue()) : NamespaceMode.NODE;
        return new NamespaceOptions(
                mode(in.getNetworkValue()), mode(in.getPidValue()), mode(in.getIpcValue()), in.getTargetId(), userns);
    }

    private static NamespaceMode mode(int value) {
        NamespaceMode[] modes = NamespaceMode.values();
        if (value < 0 || value >= modes.length) {
            throw CortadoException.invalidArgument(
                    "namespace mode %d is not one of POD, CONTAINER, NODE, TARGET", value);
        }
        return modes[value];
    }

    static Optional<CriLinuxContainerResources> optionalResources(boolean present, LinuxContainerResources in) {
        return present ? Optional.of(resources(in)) : Optional.empty();
    }

    static CriLinuxContainerResources resources(LinuxContainerResources in) {
        return new CriLinuxContainerResources(
                in.getCpuPeriod(),
                in.getCpuQuota(),
                in.getCpuShares(),
                in.getMemoryLimitInBytes(),
                in.getOomScoreAdj(),
                in.getCpusetCpus(),
                in.getCpusetMems(),
                in.getHugepageLimitsList().stream()
                        .map(h -> CriLinuxContainerResources.hugepage(h.getPageSize(), h.getLimit()))
                        .toList(),
                in.getUnifiedMap(),
                in.getMemorySwapLimitInBytes());
    }

    static SandboxFilter filter(boolean present, PodSandboxFilter in) {
        if (!present) {
            return SandboxFilter.ALL;
        }
        Optional<SandboxState> state =
                in.hasState() ? Optional.of(state(in.getState().getStateValue())) : Optional.empty();
        return new SandboxFilter(in.getId(), state, in.getLabelSelectorMap());
    }

    private static SandboxState state(int value) {
        return switch (value) {
            case PodSandboxState.SANDBOX_READY_VALUE -> SandboxState.READY;
            case PodSandboxState.SANDBOX_NOTREADY_VALUE -> SandboxState.NOTREADY;
            default -> throw CortadoException.invalidArgument("pod sandbox state %d is not READY or NOTREADY", value);
        };
    }

    static PodSandbox toProto(Sandbox s) {
        return PodSandbox.newBuilder()
                .setId(s.id())
                .setMetadata(metadata(s))
                .setState(state(s.state()))
                .setCreatedAt(s.createdAtNanos())
                .putAllLabels(s.config().labels())
                .putAllAnnotations(s.config().annotations())
                .setRuntimeHandler(s.config().runtimeHandler())
                .build();
    }

    static PodSandboxStatus status(Sandbox s) {
        PodSandboxNetworkStatus.Builder network =
                PodSandboxNetworkStatus.newBuilder().setIp(s.network().primaryIp());
        s.network().ips().stream()
                .skip(1)
                .forEach(ip -> network.addAdditionalIps(PodIP.newBuilder().setIp(ip)));
        NamespaceOptions ns = s.config().namespaces();
        NamespaceOption.Builder options = NamespaceOption.newBuilder()
                .setNetworkValue(ns.network().ordinal())
                .setPidValue(ns.pid().ordinal())
                .setIpcValue(ns.ipc().ordinal())
                .setTargetId(ns.targetId());
        return PodSandboxStatus.newBuilder()
                .setId(s.id())
                .setMetadata(metadata(s))
                .setState(state(s.state()))
                .setCreatedAt(s.createdAtNanos())
                .setNetwork(network)
                .setLinux(LinuxPodSandboxStatus.newBuilder()
                        .setNamespaces(Namespace.newBuilder().setOptions(options)))
                .putAllLabels(s.config().labels())
                .putAllAnnotations(s.config().annotations())
                .setRuntimeHandler(s.config().runtimeHandler())
                .build();
    }

    private static PodSandboxMetadata metadata(Sandbox s) {
        SandboxMetadata m = s.metadata();
        return PodSandboxMetadata.newBuilder()
                .setName(m.name())
                .setUid(m.uid())
                .setNamespace(m.namespace())
                .setAttempt(m.attempt())
                .build();
    }

    private static PodSandboxState state(SandboxState state) {
        return state == SandboxState.READY ? PodSandboxState.SANDBOX_READY : PodSandboxState.SANDBOX_NOTREADY;
    }
}

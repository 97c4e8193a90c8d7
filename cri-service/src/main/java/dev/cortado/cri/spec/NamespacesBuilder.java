package dev.cortado.cri.spec;

import dev.cortado.api.cri.v1.NamespaceMode;
import dev.cortado.api.cri.v1.NamespaceOption;
import dev.cortado.cri.spec.OciLinux.Namespace;
import dev.cortado.errors.CortadoException;
import java.util.ArrayList;
import java.util.List;

/**
 * A container's namespaces, as containerd's {@code WithPodNamespaces}: it joins the pod's
 * network, IPC and UTS namespaces, and the pod's PID namespace unless its PID mode is CONTAINER
 * (a new one) or TARGET (another container's); a namespace the pod takes from the host (NODE) is
 * left out, so the container stays in the host's. Every container gets a new mount namespace,
 * and a new cgroup namespace on a cgroup v2 host unless privileged.
 *
 * <p>Fails closed: a pod whose config says POD for a namespace but whose facts have no pinned
 * path would otherwise put the container in the host's namespace (FAILED_PRECONDITION).
 */
final class NamespacesBuilder {
    private NamespacesBuilder() {}

    static List<Namespace> build(
            NamespaceOption container, NamespaceOption pod, PodFacts facts, String targetPidNs, boolean newCgroupNs) {
        if (container.hasUsernsOptions() && container.getUsernsOptions().getMode() != NamespaceMode.NODE
                || pod.hasUsernsOptions() && pod.getUsernsOptions().getMode() != NamespaceMode.NODE) {
            throw CortadoException.unimplemented(
                    "user namespaces (userns_options mode %s) are not supported",
                    container.getUsernsOptions().getMode());
        }
        List<Namespace> out = new ArrayList<>();
        out.add(podOwned("network", facts.netns(), pod.getNetwork(), facts));
        out.add(podOwned("ipc", facts.ipcns(), pod.getIpc(), facts));
        out.add(podOwned("uts", facts.utsns(), pod.getNetwork(), facts));
        switch (container.getPid()) {
            case CONTAINER -> out.add(Namespace.create("pid"));
            case TARGET -> {
                if (targetPidNs.isEmpty()) {
                    throw CortadoException.invalidArgument(
                            "pid namespace mode TARGET needs the target container " + "\"%s\" to be running",
                            container.getTargetId());
                }
                out.add(new Namespace("pid", targetPidNs));
            }
            case POD -> out.add(podOwned("pid", facts.pidns(), pod.getPid(), facts));
            case NODE -> out.add(null);
            default -> throw CortadoException.invalidArgument("unknown pid namespace mode %d", container.getPidValue());
        }
        out.add(Namespace.create("mount"));
        if (newCgroupNs) {
            out.add(Namespace.create("cgroup"));
        }
        out.removeIf(n -> n == null);
        return out;
    }

    /** The pod's namespace to join, or null (left out) when the pod uses the host's. */
    private static Namespace podOwned(String type, String path, NamespaceMode podMode, PodFacts facts) {
        if (!path.isEmpty()) {
            return new Namespace(type, path);
        }
        if (podMode != NamespaceMode.NODE) {
            throw CortadoException.failedPrecondition(
                    "pod %s has no %s namespace pinned although its mode is %s", facts.sandboxId(), type, podMode);
        }
        return null;
    }
}

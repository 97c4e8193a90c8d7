package dev.cortado.cri.network;

import dev.cortado.errors.CortadoException;
import java.util.regex.Pattern;

/**
 * What CNI is told about a pod besides its netns: CNI_CONTAINERID and CNI_ARGS as containerd
 * sets them. Values are checked so that none can smuggle another key into CNI_ARGS.
 */
final class PodIdentity {
    /** CNI SPEC.md: the container ID "must only contain alphanumeric characters, underscore, hyphen, and period". */
    private static final Pattern CONTAINER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,253}");

    private static final Pattern ARG_VALUE = Pattern.compile("[^;=\\s]*");

    private PodIdentity() {}

    /** The pod's id, checked for CNI_CONTAINERID (it also names the pod's cache file). */
    static String containerId(PodAttachment pod) {
        if (!CONTAINER_ID.matcher(pod.sandboxId()).matches()) {
            throw CortadoException.invalidArgument(
                    "pod sandbox id \"%s\" is not a valid CNI container id (letters, digits, '_', '-', '.')",
                    pod.sandboxId());
        }
        return pod.sandboxId();
    }

    /** {@code IgnoreUnknown=1;K8S_POD_NAMESPACE=..;K8S_POD_NAME=..;K8S_POD_INFRA_CONTAINER_ID=..;K8S_POD_UID=..}. */
    static String cniArgs(PodAttachment pod) {
        return "IgnoreUnknown=1"
                + ";K8S_POD_NAMESPACE=" + value("namespace", pod.podNamespace(), pod)
                + ";K8S_POD_NAME=" + value("name", pod.podName(), pod)
                + ";K8S_POD_INFRA_CONTAINER_ID=" + containerId(pod)
                + ";K8S_POD_UID=" + value("uid", pod.podUid(), pod);
    }

    private static String value(String what, String value, PodAttachment pod) {
        if (!ARG_VALUE.matcher(value).matches()) {
            throw CortadoException.invalidArgument(
                    "pod %s %s \"%s\" cannot be passed in CNI_ARGS (no ';', '=' or spaces)",
                    pod.sandboxId(), what, value);
        }
        return value;
    }
}

package dev.cortado.cri.spec;

import java.util.Objects;

/**
 * What the pod sandbox made for its containers, as the sandbox code recorded it: the pinned
 * namespaces a container joins and the files it bind-mounts. A namespace path that is empty
 * means the host's namespace (NODE mode): the container gets none of its own and stays in the
 * host's, as under containerd where the pause container itself is in the host's.
 *
 * @param sandboxId the pod's id
 * @param netns the pinned network namespace, or empty for the host's
 * @param ipcns the pinned IPC namespace, or empty for the host's
 * @param utsns the pinned UTS namespace, or empty for the host's
 * @param pidns the pod's PID namespace (shared by POD-mode containers), or empty for the host's
 * @param hostname the pod's hostname (the asked one, or the host's), for {@code HOSTNAME}
 * @param hostnameFile the file bind-mounted on {@code /etc/hostname}, or empty for none
 * @param hostsFile the file bind-mounted on {@code /etc/hosts}, or empty for none
 * @param resolvConfFile the file bind-mounted on {@code /etc/resolv.conf}, or empty for none
 * @param shmDir the pod's {@code /dev/shm} tmpfs, or empty when the pod uses the host's IPC
 *     namespace (the host's {@code /dev/shm} is mounted then)
 */
public record PodFacts(
        String sandboxId,
        String netns,
        String ipcns,
        String utsns,
        String pidns,
        String hostname,
        String hostnameFile,
        String hostsFile,
        String resolvConfFile,
        String shmDir) {

    public PodFacts {
        if (sandboxId == null || sandboxId.isEmpty()) {
            throw new IllegalArgumentException("pod facts need the sandbox id");
        }
        netns = Objects.requireNonNullElse(netns, "");
        ipcns = Objects.requireNonNullElse(ipcns, "");
        utsns = Objects.requireNonNullElse(utsns, "");
        pidns = Objects.requireNonNullElse(pidns, "");
        hostname = Objects.requireNonNullElse(hostname, "");
        hostnameFile = Objects.requireNonNullElse(hostnameFile, "");
        hostsFile = Objects.requireNonNullElse(hostsFile, "");
        resolvConfFile = Objects.requireNonNullElse(resolvConfFile, "");
        shmDir = Objects.requireNonNullElse(shmDir, "");
    }

    /** A pod whose files live in {@code dir} and whose namespaces are pinned under {@code nsDir}. */
    public static PodFacts pinned(String sandboxId, String nsDir, String dir, String hostname) {
        return new PodFacts(
                sandboxId,
                nsDir + "/net",
                nsDir + "/ipc",
                nsDir + "/uts",
                nsDir + "/pid",
                hostname,
                dir + "/hostname",
                dir + "/hosts",
                dir + "/resolv.conf",
                dir + "/shm");
    }
}

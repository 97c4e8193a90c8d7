package dev.cortado.cri.spec;

import dev.cortado.api.cri.v1.ContainerConfig;
import dev.cortado.api.cri.v1.Mount;
import dev.cortado.api.cri.v1.NamespaceMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The CRI mounts a container gets besides the ones kubelet sends, as containerd's {@code
 * linuxContainerMounts} and {@code volumeMounts} add them: the pod's {@code /etc/hostname},
 * {@code /etc/hosts}, {@code /etc/resolv.conf} (read-only with a read-only rootfs) and {@code
 * /dev/shm} (the host's with a host IPC namespace), then one anonymous volume per image
 * {@code VOLUME}; none of them where kubelet already mounts something.
 */
final class ContainerMounts {
    private ContainerMounts() {}

    /** The extra mounts, in containerd's order. */
    static List<Mount> extra(ContainerConfig config, PodFacts pod, Collection<ImageVolume> volumes) {
        boolean ro = config.getLinux().getSecurityContext().getReadonlyRootfs();
        List<Mount> out = new ArrayList<>();
        addFile(out, config, "/etc/hostname", pod.hostnameFile(), ro);
        addFile(out, config, "/etc/hosts", pod.hostsFile(), ro);
        addFile(out, config, "/etc/resolv.conf", pod.resolvConfFile(), ro);
        boolean hostIpc =
                config.getLinux().getSecurityContext().getNamespaceOptions().getIpc() == NamespaceMode.NODE;
        String shm = hostIpc ? "/dev/shm" : pod.shmDir();
        if (!shm.isEmpty() && !inCri(config, "/dev/shm")) {
            out.add(Mount.newBuilder()
                    .setContainerPath("/dev/shm")
                    .setHostPath(shm)
                    .setSelinuxRelabel(!hostIpc)
                    .build());
        }
        for (ImageVolume v : volumes) {
            out.add(Mount.newBuilder()
                    .setContainerPath(v.containerPath())
                    .setHostPath(v.hostPath())
                    .setSelinuxRelabel(true)
                    .build());
        }
        return out;
    }

    /** Whether kubelet mounts something at {@code path} (compared as clean paths). */
    static boolean inCri(ContainerConfig config, String path) {
        String clean = clean(path);
        return config.getMountsList().stream()
                .anyMatch(m -> clean(m.getContainerPath()).equals(clean));
    }

    /** {@code filepath.Clean} for absolute paths: no empty, {@code .} or {@code ..} segments. */
    static String clean(String path) {
        List<String> parts = new ArrayList<>();
        for (String seg : path.split("/")) {
            if (seg.isEmpty() || seg.equals(".")) {
                continue;
            }
            if (seg.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.remove(parts.size() - 1);
                }
            } else {
                parts.add(seg);
            }
        }
        return "/" + String.join("/", parts);
    }

    private static void addFile(List<Mount> out, ContainerConfig config, String dst, String src, boolean ro) {
        if (!src.isEmpty() && !inCri(config, dst)) {
            out.add(Mount.newBuilder()
                    .setContainerPath(dst)
                    .setHostPath(src)
                    .setReadonly(ro)
                    .setSelinuxRelabel(true)
                    .build());
        }
    }
}

package dev.cortado.cri.spec;

import dev.cortado.api.cri.v1.Mount;
import dev.cortado.api.cri.v1.MountPropagation;
import dev.cortado.errors.CortadoException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns CRI mounts into OCI bind mounts after the default ones, as containerd's {@code
 * WithMounts}: kubelet's mounts win over the extra ones at the same path; all are sorted by path
 * depth (stable), so a parent is mounted before its children; a default mount at a supplied
 * path is dropped, and a supplied {@code /dev} drops every default {@code /dev/*}. Each becomes
 * {@code rbind} + propagation + {@code ro}/{@code rro}/{@code rw}.
 *
 * <p>Propagation (critest "mount propagation"): PRIVATE is {@code rprivate}; BIDIRECTIONAL is
 * {@code rshared}, needs a shared source mount and makes the rootfs rshared;
 * HOST_TO_CONTAINER is {@code rslave}, needs a shared or slave source and makes the rootfs
 * rslave unless it is already rshared. {@code recursive_read_only} needs {@code readonly},
 * PRIVATE and a handler that supports it (kubelet's {@code RROUnsupported} prefix otherwise).
 */
final class MountsBuilder {
    private final HostFacts host;
    private final boolean rroSupported;
    private String rootfsPropagation = "";

    MountsBuilder(HostFacts host, boolean rroSupported) {
        this.host = host;
        this.rroSupported = rroSupported;
    }

    /** The spec's mounts: defaults first, then the CRI ones. */
    List<OciSpec.Mount> build(List<OciSpec.Mount> defaults, List<Mount> cri, List<Mount> extra) {
        List<Mount> mounts = new ArrayList<>(cri);
        for (Mount e : extra) {
            String dst = ContainerMounts.clean(e.getContainerPath());
            if (cri.stream()
                    .noneMatch(c -> ContainerMounts.clean(c.getContainerPath()).equals(dst))) {
                mounts.add(e);
            }
        }
        mounts.sort(Comparator.comparingLong(m -> ContainerMounts.clean(m.getContainerPath())
                .chars()
                .filter(c -> c == '/')
                .count()));
        Set<String> supplied = new HashSet<>();
        mounts.forEach(m -> supplied.add(ContainerMounts.clean(m.getContainerPath())));
        List<OciSpec.Mount> out = new ArrayList<>();
        for (OciSpec.Mount d : defaults) {
            String dst = ContainerMounts.clean(d.destination());
            if (!supplied.contains(dst) && !(supplied.contains("/dev") && dst.startsWith("/dev/"))) {
                out.add(d);
            }
        }
        for (Mount m : mounts) {
            out.add(bind(m));
        }
        return out;
    }

    /** The rootfs propagation the mounts asked for: empty, rslave or rshared. */
    String rootfsPropagation() {
        return rootfsPropagation;
    }

    private OciSpec.Mount bind(Mount m) {
        String dst = m.getContainerPath();
        if (!dst.startsWith("/")) {
            throw CortadoException.invalidArgument("mount container_path \"%s\" must be absolute", dst);
        }
        if (m.hasImage() && !m.getImage().getImage().isEmpty()) {
            throw CortadoException.unimplemented(
                    "image volume mounts (Mount.image %s at %s) are not supported",
                    m.getImage().getImage(), dst);
        }
        if (m.getUidMappingsCount() > 0 || m.getGidMappingsCount() > 0) {
            throw CortadoException.unimplemented("idmapped mounts (%s) are not supported", dst);
        }
        if (!m.getMountOptionsList().isEmpty()) {
            throw CortadoException.unimplemented(
                    "mount options %s (%s) are not supported", m.getMountOptionsList(), dst);
        }
        if (m.getHostPath().isEmpty()) {
            throw CortadoException.invalidArgument("mount at %s has no host_path", dst);
        }
        String mode = readMode(m);
        String src = host.mountSource(m.getHostPath());
        return new OciSpec.Mount(dst, "bind", src, List.of("rbind", propagation(m, src), mode));
    }

    private String propagation(Mount m, String src) {
        MountPropagation p = m.getPropagation();
        switch (p) {
            case PROPAGATION_BIDIRECTIONAL:
                if (host.propagation(src) != HostFacts.Propagation.SHARED) {
                    throw CortadoException.failedPrecondition(
                            "path %s is mounted on a mount that is not shared, "
                                    + "which bidirectional propagation needs",
                            src);
                }
                rootfsPropagation = "rshared";
                return "rshared";
            case PROPAGATION_HOST_TO_CONTAINER:
                if (host.propagation(src) == HostFacts.Propagation.PRIVATE) {
                    throw CortadoException.failedPrecondition(
                            "path %s is mounted on a mount that is neither shared "
                                    + "nor slave, which host-to-container propagation needs",
                            src);
                }
                if (!rootfsPropagation.equals("rshared")) {
                    rootfsPropagation = "rslave";
                }
                return "rslave";
            case PROPAGATION_PRIVATE:
                return "rprivate";
            default:
                throw CortadoException.invalidArgument(
                        "unknown propagation %d for %s", m.getPropagationValue(), m.getHostPath());
        }
    }

    private String readMode(Mount m) {
        if (!m.getReadonly()) {
            if (m.getRecursiveReadOnly()) {
                throw CortadoException.invalidArgument(
                        "recursive read-only mount conflicts with RW mount " + "(hostPath=%s)", m.getHostPath());
            }
            return "rw";
        }
        if (!m.getRecursiveReadOnly()) {
            return "ro";
        }
        if (!rroSupported) {
            throw CortadoException.invalidArgument(
                    "RROUnsupported: runtime handler does not support recursive " + "read-only mounts (hostPath=%s)",
                    m.getHostPath());
        }
        if (m.getPropagation() != MountPropagation.PROPAGATION_PRIVATE) {
            throw CortadoException.invalidArgument(
                    "recursive read-only mount needs private propagation, got %s " + "(hostPath=%s)",
                    m.getPropagation(), m.getHostPath());
        }
        return "rro";
    }
}

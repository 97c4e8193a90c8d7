package dev.cortado.cri.container;

import java.util.List;

/** The user a container's process runs as, as resolved into its OCI spec. */
public record ContainerUser(long uid, long gid, List<Long> additionalGids) {
    public ContainerUser {
        additionalGids = List.copyOf(additionalGids);
    }
}

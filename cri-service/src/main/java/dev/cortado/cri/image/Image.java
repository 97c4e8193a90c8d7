package dev.cortado.cri.image;

import java.util.List;
import java.util.Objects;

/**
 * A pulled image as the CRI sees it, plus what the store needs to keep its content alive.
 *
 * @param id the config digest, {@code sha256:<hex>}: what PullImage returns and CreateContainer gets
 * @param repoTags references such as {@code docker.io/library/busybox:latest}
 * @param repoDigests references such as {@code docker.io/library/busybox@sha256:...}
 * @param size bytes of the image's blobs (config and compressed layers), as containerd reports it
 * @param chainIds the snapshot of each layer, bottom first
 * @param blobs every blob the image holds: manifest, config, layers
 * @param user the config's {@code User}, as written
 */
public record Image(
        String id,
        List<String> repoTags,
        List<String> repoDigests,
        long size,
        List<String> chainIds,
        List<String> blobs,
        String user,
        boolean pinned) {
    /** Copies lists and requires an id. */
    public Image {
        Objects.requireNonNull(id, "id");
        repoTags = List.copyOf(repoTags);
        repoDigests = List.copyOf(repoDigests);
        chainIds = List.copyOf(chainIds);
        blobs = List.copyOf(blobs);
        user = user == null ? "" : user;
    }

    /** A copy with other tags, digests and pinned flag. */
    public Image withNames(List<String> tags, List<String> digests, boolean isPinned) {
        return new Image(id, tags, digests, size, chainIds, blobs, user, isPinned);
    }
}

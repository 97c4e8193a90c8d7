package dev.cortado.cri.image.registry;

import dev.cortado.cri.image.reference.Digest;
import dev.cortado.errors.CortadoException;
import java.util.List;
import java.util.Objects;

/**
 * An OCI content descriptor: what a blob is, its digest and exact size, and for index entries the
 * platform it is for.
 *
 * @param urls foreign locations the manifest names; this client never fetches them
 * @param platform the index entry's platform, or null outside an index
 */
public record Descriptor(String mediaType, Digest digest, long size, List<String> urls, Platform platform) {
    /** Requires a digest and a non-negative size. */
    public Descriptor {
        Objects.requireNonNull(digest, "digest");
        mediaType = mediaType == null ? "" : mediaType;
        urls = urls == null ? List.of() : List.copyOf(urls);
        if (size < 0) {
            throw CortadoException.invalidArgument("descriptor %s has negative size %d", digest, size);
        }
    }

    /** A plain descriptor without urls or platform. */
    public static Descriptor of(String mediaType, Digest digest, long size) {
        return new Descriptor(mediaType, digest, size, List.of(), null);
    }
}

package dev.cortado.cri.image.registry;

import dev.cortado.cri.image.reference.Digest;
import java.util.List;
import java.util.Objects;

/**
 * A resolved single-platform image manifest and the digest it was fetched under.
 *
 * @param digest the manifest's own digest (what goes in the image's repo digest)
 * @param raw the exact manifest bytes, kept so they can be stored and re-verified
 */
public record Manifest(Digest digest, String mediaType, Descriptor config, List<Descriptor> layers, byte[] raw) {
    /** Copies the layer list. */
    public Manifest {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(config, "config");
        layers = List.copyOf(layers);
        raw = raw.clone();
    }

    @Override
    public byte[] raw() {
        return raw.clone();
    }
}

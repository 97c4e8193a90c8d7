package dev.cortado.cri.image;

import dev.cortado.cri.image.reference.Digest;
import dev.cortado.cri.image.reference.ImageReference;
import dev.cortado.errors.CortadoException;
import java.util.List;
import java.util.Optional;

/**
 * Finds an image by what kubelet puts in {@code ImageSpec.image}: the image id (with or without
 * {@code sha256:}), a tag reference, or a digest reference, normalised like a pull.
 */
final class ImageLookup {
    private ImageLookup() {}

    static Optional<Image> find(List<Image> images, String spec) {
        if (spec == null || spec.isBlank()) {
            throw CortadoException.invalidArgument("image spec is empty");
        }
        String id = spec.matches("[a-f0-9]{64}") ? "sha256:" + spec : spec;
        if (Digest.isDigest(id)) {
            return images.stream().filter(i -> i.id().equals(id)).findFirst();
        }
        ImageReference ref = ImageReference.parse(spec);
        if (ref.digest() != null) {
            String repoDigest = ref.repository() + "@" + ref.digest();
            return images.stream()
                    .filter(i -> i.repoDigests().contains(repoDigest))
                    .findFirst();
        }
        String tag = ref.repository() + ":" + ref.tag();
        return images.stream().filter(i -> i.repoTags().contains(tag)).findFirst();
    }
}

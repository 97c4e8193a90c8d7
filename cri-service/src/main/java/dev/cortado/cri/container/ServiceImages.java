package dev.cortado.cri.container;

import dev.cortado.cri.image.Image;
import dev.cortado.cri.image.ImageService;
import java.util.Optional;

/** The images as the image service keeps them: config parsed, layers as snapshots. */
public final class ServiceImages implements ImageSource {
    private final ImageService images;

    public ServiceImages(ImageService images) {
        this.images = images;
    }

    @Override
    public Optional<Resolved> find(String reference) {
        return images.status(reference)
                .map(image -> new Resolved(
                        image.id(),
                        name(image, reference),
                        image.repoDigests().isEmpty()
                                ? image.id()
                                : image.repoDigests().get(0),
                        ImageConfigJson.parse(image.id(), images.configJson(image)),
                        images.layers(image)));
    }

    /** containerd reports the reference as given, unless it was the bare id: then the first tag. */
    private static String name(Image image, String reference) {
        boolean byId = reference.equals(image.id()) || image.id().equals("sha256:" + reference);
        if (!byId) {
            return reference;
        }
        return image.repoTags().isEmpty() ? image.id() : image.repoTags().get(0);
    }
}

package dev.cortado.cri.container;

import dev.cortado.cri.image.snapshot.Snapshot;
import dev.cortado.cri.spec.ImageConfig;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The images containers are created from; production reads {@code cri.image.ImageService}
 * ({@link ServiceImages}), tests pass fakes.
 */
public interface ImageSource {
    /** The image {@code reference} names (id, tag or digest reference), or empty. */
    Optional<Resolved> find(String reference);

    /**
     * An image ready to run.
     *
     * @param id {@code sha256:...} of its config
     * @param name the name to report: the reference as given when it is not the id, else the first tag
     * @param imageRef the first repo digest, else the id (CRI {@code image_ref})
     * @param config what its config says
     * @param layers its unpacked layers, bottom first
     */
    record Resolved(String id, String name, String imageRef, ImageConfig config, List<Snapshot> layers) {
        public Resolved {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(imageRef, "imageRef");
            Objects.requireNonNull(config, "config");
            layers = List.copyOf(layers);
        }
    }
}

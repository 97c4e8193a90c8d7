package dev.cortado.cri.image;

import java.util.List;
import java.util.Optional;

/** Where image records persist across restarts. */
public interface ImageMetadataStore {
    /** Stores or replaces {@code image}, durably before returning. */
    void put(Image image);

    /** The image with {@code id}. */
    Optional<Image> get(String id);

    /** Every image. */
    List<Image> list();

    /** Deletes the image with {@code id}; absent is not an error. */
    void delete(String id);
}

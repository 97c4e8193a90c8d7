package dev.cortado.cri.container;

import dev.cortado.cri.image.ImageUsage;
import dev.cortado.cri.store.MetadataStore;
import java.util.List;

/**
 * Whether any stored container (in any state) was created from an image, so RemoveImage refuses
 * it (FAILED_PRECONDITION) as containerd does. Reads the metadata store, so the daemon can build
 * it before the image service, which the container service needs.
 */
public final class StoredImageUsage implements ImageUsage {
    private final MetadataStore store;

    public StoredImageUsage(MetadataStore store) {
        this.store = store;
    }

    /** Reads the durable store: RemoveImage is rare, and a second index would double the containers' memory. */
    @Override
    public List<String> users(String imageId) {
        return ContainerRecords.readDurable(store).stream()
                .filter(c -> c.imageId().equals(imageId))
                .map(Container::id)
                .sorted()
                .toList();
    }
}

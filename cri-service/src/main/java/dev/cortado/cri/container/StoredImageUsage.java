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
    private final ContainerRecords records;

    public StoredImageUsage(MetadataStore store) {
        this.records = new ContainerRecords(store);
    }

    @Override
    public List<String> users(String imageId) {
        return records.list().stream()
                .filter(c -> c.imageId().equals(imageId))
                .map(Container::id)
                .sorted()
                .toList();
    }
}

package dev.cortado.cri.image;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Image records in memory only, gone with their owner: a scratch store's (the pull warm-up's), or a test's. */
public final class MemoryImageRecords implements ImageMetadataStore {
    private final Map<String, Image> images = new ConcurrentHashMap<>();

    @Override
    public void put(Image image) {
        images.put(image.id(), image);
    }

    @Override
    public Optional<Image> get(String id) {
        return Optional.ofNullable(images.get(id));
    }

    @Override
    public List<Image> list() {
        return List.copyOf(images.values());
    }

    @Override
    public void delete(String id) {
        images.remove(id);
    }
}

package dev.cortado.cri.image;

/** Tells the image service whether containers still use an image; the daemon wires the container store. */
@FunctionalInterface
public interface ImageUsage {
    /** Whether any container (in any state) was created from the image with {@code imageId}. */
    boolean inUse(String imageId);
}

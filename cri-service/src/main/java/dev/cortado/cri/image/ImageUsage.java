package dev.cortado.cri.image;

import java.util.List;

/** Tells the image service which containers still use an image; the daemon wires the container store. */
@FunctionalInterface
public interface ImageUsage {
    /** The ids of the containers (in any state) created from the image with {@code imageId}; empty when none. */
    List<String> users(String imageId);
}

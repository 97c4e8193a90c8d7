package dev.cortado.cri.spec;

/**
 * An anonymous volume for an image's {@code VOLUME}: the caller creates {@code hostPath} and
 * copies the image's content at {@code containerPath} into it before the container starts, as
 * containerd's {@code WithVolumes} does; the spec bind-mounts it.
 *
 * @param hostPath the volume directory, under the container's own directory
 * @param containerPath where the image declares the volume
 */
public record ImageVolume(String hostPath, String containerPath) {}

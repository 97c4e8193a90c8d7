/**
 * Snapshots: one unpacked layer per directory {@code snapshots/<n>/fs}, keyed by chain id, with
 * short numeric names so overlay {@code lowerdir} strings stay short; the overlay mount options of
 * a container rootfs; disk usage.
 *
 * <p>May import {@code image.reference} and {@code dev.cortado.errors}; never the registry.
 */
package dev.cortado.cri.image.snapshot;

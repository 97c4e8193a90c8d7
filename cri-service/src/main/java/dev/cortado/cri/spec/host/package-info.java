/**
 * The real implementations of {@code cri.spec}'s host and rootfs views: {@link
 * dev.cortado.cri.spec.host.LinuxHostFacts} (devices, mountinfo, LSMs, capabilities from /proc,
 * /sys and /dev, through the JDK's file attributes, no JNA) and {@link
 * dev.cortado.cri.spec.host.DirectoryRootfs} (image files read with symlinks kept inside the
 * rootfs).
 */
package dev.cortado.cri.spec.host;

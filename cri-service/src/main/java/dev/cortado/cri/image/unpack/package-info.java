/**
 * Safe layer unpacking: gzip, zstd and plain tar layers written into one snapshot directory in
 * overlayfs form, with no entry able to create, modify or follow anything outside it
 * (containerd's pkg/archive rules and TestBreakouts cases, research/reliability.md 1.B), and
 * no layer or image unpacking past its {@link dev.cortado.cri.image.unpack.UnpackLimits}
 * (bytes per layer and per image, expansion ratio).
 *
 * <p>May import {@code image.reference}, {@code dev.cortado.errors} and commons-compress. Device
 * nodes, fifos, xattrs and the times of nodes that must not be opened go through
 * {@link dev.cortado.cri.image.unpack.FsOps}, implemented with JNA in {@code dev.cortado.cri.linux}.
 */
package dev.cortado.cri.image.unpack;

/**
 * Safe layer unpacking: gzip, zstd and plain tar layers written into one snapshot directory in
 * overlayfs form, with no entry able to create, modify or follow anything outside it
 * (containerd's pkg/archive rules and TestBreakouts cases, research/reliability.md 1.B).
 *
 * <p>May import {@code image.reference}, {@code dev.cortado.errors} and commons-compress. Device
 * nodes and non-{@code user.} xattrs go through {@link dev.cortado.cri.image.unpack.FsOps}.
 */
package dev.cortado.cri.image.unpack;

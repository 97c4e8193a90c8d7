/**
 * OCI runtime facts that both the shim and cortado need and neither may take from the other:
 * containerd's RuntimeDefault seccomp syscall lists. cortado writes the profile into a
 * container's config.json; the shim uses the same lists for the specs it makes itself.
 */
package dev.cortado.oci;

/**
 * Stdio plumbing: copies between a process's pipes (or pty master) and the paths containerd
 * gives in Create and Exec (fifos, {@code file://} files, {@code binary://} logging binaries).
 */
package dev.cortado.shim.io;

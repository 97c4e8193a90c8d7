/**
 * The shim's only door to the kernel: {@link dev.cortado.shim.linux.LinuxSyscalls} with its JNA
 * implementation, and the libseccomp binding that compiles seccomp profiles to BPF.
 *
 * <p>This is the only package that imports JNA. Nothing here runs between fork and exec; that
 * is cortado-init's job (shim/src/main/c).
 */
package dev.cortado.shim.linux;

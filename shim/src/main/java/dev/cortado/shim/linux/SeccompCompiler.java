package dev.cortado.shim.linux;

import dev.cortado.shim.spec.SeccompProfile;

/** Turns a seccomp profile into a classic BPF program (an array of 8-byte sock_filter). */
public interface SeccompCompiler {

    /** Compiles {@code profile}; unknown syscall names are skipped, as runc does. */
    byte[] compile(SeccompProfile profile);
}

/**
 * End-to-end tests of cri-service's runtime client ({@code dev.cortado.cri.runtime}) driving real
 * shims: {@code containerd-shim-cortado-v2} and Debian's {@code containerd-shim-runc-v2}.
 */
package dev.cortado.integration.runtime;

/**
 * End-to-end tests of {@code containerd-shim-cortado-v2} under a real containerd (Debian's
 * 1.6) driven with {@code ctr}, each run with its own containerd root, state and sockets.
 */
package dev.cortado.integration.containerd;

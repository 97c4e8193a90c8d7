/**
 * The {@code containerd-shim-cortado-v2} command line: flags, the {@code start} and
 * {@code delete} subcommands with their bootstrap replies, and the one long-running shim
 * server per node that {@code start} daemonizes.
 */
package dev.cortado.shim.bootstrap;

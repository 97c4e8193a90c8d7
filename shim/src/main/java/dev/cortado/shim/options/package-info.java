/**
 * The shim's runtime options: what containerd passes to {@code start} (stdin) and to Create
 * ({@code CreateTaskRequest.options}), as runc's {@code containerd.runc.v1.Options} or the CRI
 * plugin's generic {@code runtimeoptions.v1.Options} carrying the handler's TOML table.
 */
package dev.cortado.shim.options;

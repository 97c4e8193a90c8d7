/**
 * The Task API adapter: the one place that sees the generated {@code containerd.task.v3}
 * types. It maps requests to {@code shim.task} calls and records back to responses; the same
 * service is served as ttrpc v2, ttrpc v3 and gRPC v3.
 */
package dev.cortado.shim.task.api;

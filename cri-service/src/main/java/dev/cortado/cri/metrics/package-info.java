/**
 * The Prometheus endpoint ({@code [metrics] address}): CRI calls counted and timed by a gRPC
 * interceptor, image pulls through the image service's {@code PullRecorder}, containers, pods,
 * shims and tasks read from their services when scraped (at most once a second), OOM kills from
 * container exits, and the JVM's own metrics; served in the Prometheus text format by the
 * Prometheus Java client's HTTP server on threads of its own.
 */
package dev.cortado.cri.metrics;

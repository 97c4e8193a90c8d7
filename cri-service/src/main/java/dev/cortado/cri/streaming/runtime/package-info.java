/**
 * The {@link dev.cortado.cri.streaming.StreamingRuntime} over Cortado's containers and pods:
 * {@link dev.cortado.cri.streaming.runtime.ContainerStreamingRuntime} checks requests against the
 * container and sandbox services, runs execs through {@code cri.container.StreamingExecs} and
 * forwards ports through a {@link dev.cortado.cri.streaming.runtime.PodDialer} (the JNA side,
 * {@code setns} on a dedicated thread, is {@code cri.linux.NativePodDialer}), copying both ways
 * with half-close ({@link dev.cortado.cri.streaming.runtime.PortCopy}).
 */
package dev.cortado.cri.streaming.runtime;

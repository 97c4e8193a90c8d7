/**
 * Runtime handlers over the containerd shim protocol: {@link dev.cortado.cri.runtime.ShimLauncher}
 * runs {@code <shim> start} and {@code delete} as containerd does, {@link dev.cortado.cri.runtime.TaskClient}
 * speaks the Task API (ttrpc v2, ttrpc v3 or gRPC v3) with our own records, and
 * {@link dev.cortado.cri.runtime.EventsEndpoint} is the {@code TTRPC_ADDRESS} the shims forward
 * their events to; {@link dev.cortado.cri.runtime.ShimTasks} puts them together as the
 * container service's {@link dev.cortado.cri.runtime.Tasks}. Generated containerd types stay inside {@code TaskMessages},
 * {@code EventDecoder} and {@code RuntimeOptionsEncoder}.
 */
package dev.cortado.cri.runtime;

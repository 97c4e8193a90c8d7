/**
 * Pod sandboxes: the domain of RunPodSandbox, StopPodSandbox, RemovePodSandbox, PodSandboxStatus
 * and ListPodSandbox. A pod is a set of pinned namespaces (no pause process), a cgroup, files
 * (hostname, resolv.conf, hosts, /dev/shm), a CNI attachment and a persisted record.
 *
 * <p>Syscalls go through {@link dev.cortado.cri.sandbox.PodSyscalls} (JNA implementation in
 * {@code cri.linux}); the store through {@code cri.store}, the network through
 * {@code cri.network}. No generated protos, no {@code grpc}, no {@code daemon}.
 */
package dev.cortado.cri.sandbox;

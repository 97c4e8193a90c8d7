/**
 * The task service of the shim: tasks keyed by containerd namespace and id, their lifecycle
 * state machine, the registry, persistence for re-adoption, and the ports (processes, cgroups,
 * rootfs mounts) it drives. No generated proto types: {@code task.api} adapts them.
 */
package dev.cortado.shim.task;

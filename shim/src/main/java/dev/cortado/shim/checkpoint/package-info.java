/**
 * Checkpoints of a running task with CRIU, as containerd-shim-runc-v2 does through
 * {@code runc checkpoint}: {@code criu check} once per server ({@link CriuCheck}, its failure a
 * FAILED_PRECONDITION naming criu's own message), the dump's command line from the task's spec
 * ({@link DumpArguments}: external bind mounts, masked files, joined network and pid namespaces,
 * as runc's {@code libcontainer/container_linux.go}), and the dump itself ({@link TaskCheckpointer}).
 * criu is an external program (house rule 15), run through the {@link CriuRunner} port. No
 * generated proto types: {@code task.api} adapts them.
 */
package dev.cortado.shim.checkpoint;

/**
 * Container checkpoints in the archive layout of CRI-O and kubelet's checkpoint API
 * ({@code checkpointctl} reads it): {@link CheckpointLayout} (the file names and the tar),
 * {@link CheckpointConfig} ({@code config.dump}), {@link RootfsDiff} ({@code rootfs-diff.tar} and
 * {@code deleted.files} from the overlay upper dir), and {@link CriuStatus} ({@code criu check},
 * once, for a clear FAILED_PRECONDITION before any shim is asked). Pure file work: the CRIU dump
 * itself is the shim's (Task API Checkpoint).
 */
package dev.cortado.cri.checkpoint;

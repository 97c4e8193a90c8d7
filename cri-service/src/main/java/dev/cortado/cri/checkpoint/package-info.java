/**
 * Container checkpoints in the archive layout of CRI-O and kubelet's checkpoint API
 * ({@code checkpointctl} reads it): {@link CheckpointLayout} (the file names and the tar),
 * {@link CheckpointConfig} ({@code config.dump}), {@link RootfsDiff} ({@code rootfs-diff.tar} and
 * {@code deleted.files} from the overlay upper dir), and {@link CriuStatus} ({@code criu check},
 * once, for a clear FAILED_PRECONDITION before any shim is asked). For restores,
 * {@link CheckpointArchive} reads an archive once and checks it ({@link SpecDump} for its bind
 * mounts, {@link ArchiveNames} against unsafe names), and {@link RestoreFiles} puts its CRIU images
 * and file changes back on disk. Pure file work: the CRIU dump and restore themselves are the
 * shim's (Task API Checkpoint, Create with a checkpoint).
 */
package dev.cortado.cri.checkpoint;

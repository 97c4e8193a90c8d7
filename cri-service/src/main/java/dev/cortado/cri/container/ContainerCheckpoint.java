package dev.cortado.cri.container;

import dev.cortado.cri.checkpoint.CheckpointConfig;
import dev.cortado.cri.checkpoint.CheckpointLayout;
import dev.cortado.cri.checkpoint.CriuStatus;
import dev.cortado.cri.checkpoint.RootfsDiff;
import dev.cortado.errors.CortadoException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CheckpointContainer as CRI-O's {@code ContainerCheckpoint} (kubelet's checkpoint API): a
 * RUNNING container's processes dumped by its shim (Task API Checkpoint, the same for every
 * handler) into a staging dir in its bundle, with its OCI spec, {@code config.dump} and its
 * rootfs changes beside them, then tarred to {@code location} (whole or not at all). The
 * container keeps running. criu is asked first ({@code criu check}, once), so a node without a
 * working criu answers FAILED_PRECONDITION with criu's reason before any shim is called. The
 * staging dir goes whatever happens.
 */
final class ContainerCheckpoint {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerCheckpoint.class);
    /** How long the dump may take when the request gives no timeout. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    private final ContainerParts parts;
    private final ContainerDirs dirs;
    private final CriuStatus criu;

    ContainerCheckpoint(ContainerParts parts, ContainerDirs dirs, CriuStatus criu) {
        this.parts = parts;
        this.dirs = dirs;
        this.criu = criu;
    }

    /** Called under the container's lock. */
    void checkpoint(Container c, Path location, Duration timeout) {
        if (!location.isAbsolute() || location.getParent() == null || !Files.isDirectory(location.getParent())) {
            throw CortadoException.invalidArgument(
                    "checkpoint of container %s: location %s must be an absolute path " + "in an existing directory",
                    c.id(), location);
        }
        if (c.state() != ContainerState.RUNNING) {
            throw CortadoException.failedPrecondition(
                    "cannot checkpoint container %s: it is %s, not RUNNING", c.id(), c.state());
        }
        criu.require("checkpoint container " + c.id());
        Path staging;
        try {
            staging = Files.createTempDirectory(dirs.bundle(c.id()), "checkpoint-");
        } catch (IOException e) {
            throw CortadoException.internal("checkpoint of container " + c.id() + ": cannot make a staging dir", e);
        }
        try {
            parts.tasks()
                    .checkpoint(
                            c.id(),
                            staging.resolve(CheckpointLayout.CHECKPOINT_DIR),
                            staging,
                            false,
                            timeout.isZero() || timeout.isNegative() ? DEFAULT_TIMEOUT : timeout);
            writeBeside(c, staging);
            CheckpointLayout.archive(staging, location);
        } catch (IOException e) {
            throw CortadoException.internal("checkpoint of container " + c.id() + " to " + location, e);
        } finally {
            ContainerDirs.delete(staging);
        }
        LOG.info("container {} checkpointed to {}", c.id(), location);
    }

    private void writeBeside(Container c, Path staging) throws IOException {
        Files.copy(dirs.bundle(c.id()).resolve("config.json"), staging.resolve(CheckpointLayout.SPEC_DUMP));
        Instant created = Instant.ofEpochSecond(0, c.status().createdAtNanos());
        Files.writeString(
                staging.resolve(CheckpointLayout.CONFIG_DUMP),
                new CheckpointConfig(
                                c.id(),
                                c.name(),
                                c.imageName(),
                                c.imageId(),
                                c.runtimeHandler(),
                                created,
                                parts.clock().instant())
                        .toJson());
        RootfsDiff.write(
                dirs.upper(c.id()),
                staging.resolve(CheckpointLayout.ROOTFS_DIFF),
                staging.resolve(CheckpointLayout.DELETED_FILES));
        // criu writes stats-dump beside its images when it has no separate work dir (runc's older shims)
        Path stats = staging.resolve(CheckpointLayout.CHECKPOINT_DIR).resolve(CheckpointLayout.STATS_DUMP);
        if (Files.exists(stats) && !Files.exists(staging.resolve(CheckpointLayout.STATS_DUMP))) {
            Files.copy(stats, staging.resolve(CheckpointLayout.STATS_DUMP));
        }
    }
}

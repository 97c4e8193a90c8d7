package dev.cortado.cri.container;

import dev.cortado.api.cri.v1.ContainerConfig;
import java.util.Objects;

/**
 * One container as persisted. Immutable; a change is a new record written in one store
 * transaction. The CRI {@code ContainerConfig} is kept whole (as containerd's metadata does):
 * ContainerStatus reports its labels, annotations, mounts and resources, and the spec builder
 * needs it whole; it is the one generated type domain records carry, as {@code cri.spec} takes it.
 *
 * @param id the full 64-hex id
 * @param sandboxId the pod's full id
 * @param config the CRI config CreateContainer was given
 * @param imageId the image's id ({@code sha256:...} of its config)
 * @param imageName the image as the request named it, else its first tag or digest
 * @param imageRef the image's repo digest when it has one, else {@code imageId} (CRI {@code image_ref})
 * @param logPath the absolute CRI log file ({@code log_directory/log_path}), empty when none
 * @param runtimeHandler the handler the pod runs with (never empty)
 * @param stopSignal the signal StopContainer sends first, e.g. {@code SIGTERM}
 * @param user the resolved uid, gid and supplementary groups (CRI status {@code user.linux})
 * @param status what changes: state, times, exit
 */
public record Container(
        String id,
        String sandboxId,
        ContainerConfig config,
        String imageId,
        String imageName,
        String imageRef,
        String logPath,
        String runtimeHandler,
        String stopSignal,
        ContainerUser user,
        ContainerStatus status) {
    public Container {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sandboxId, "sandboxId");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(imageId, "imageId");
        imageName = Objects.requireNonNullElse(imageName, "");
        imageRef = Objects.requireNonNullElse(imageRef, "");
        logPath = Objects.requireNonNullElse(logPath, "");
        Objects.requireNonNull(runtimeHandler, "runtimeHandler");
        Objects.requireNonNull(stopSignal, "stopSignal");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(status, "status");
    }

    /** This container with another status. */
    public Container withStatus(ContainerStatus newStatus) {
        return new Container(
                id,
                sandboxId,
                config,
                imageId,
                imageName,
                imageRef,
                logPath,
                runtimeHandler,
                stopSignal,
                user,
                newStatus);
    }

    /** This container with another CRI config (UpdateContainerResources keeps the new resources in it). */
    public Container withConfig(ContainerConfig newConfig) {
        return new Container(
                id,
                sandboxId,
                newConfig,
                imageId,
                imageName,
                imageRef,
                logPath,
                runtimeHandler,
                stopSignal,
                user,
                status);
    }

    /** The CRI name ({@code metadata.name}). */
    public String name() {
        return config.getMetadata().getName();
    }

    public int attempt() {
        return config.getMetadata().getAttempt();
    }

    public ContainerState state() {
        return status.state();
    }
}

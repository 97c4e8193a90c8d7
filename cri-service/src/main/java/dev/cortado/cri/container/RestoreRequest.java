package dev.cortado.cri.container;

import dev.cortado.api.cri.v1.ContainerConfig;
import dev.cortado.api.cri.v1.ImageSpec;
import dev.cortado.api.cri.v1.Mount;
import dev.cortado.cri.checkpoint.CheckpointArchive;
import dev.cortado.errors.CortadoException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * CRI-O's rules ({@code CRImportCheckpoint}) for a CreateContainer whose image is a checkpoint
 * archive: the new container is the request's (its name, attempt, labels, annotations, resources,
 * security context, command) on the image the checkpoint was taken from ({@code config.dump}'s
 * {@code rootfsImageName}, which must be on the node), and every bind mount of the checkpointed
 * spec must be declared again by the request with the same container path (a crafted archive
 * must not mount a host path the request does not name); the mounts the runtime makes itself
 * are not asked for (the request's own are kept). The restored process expects the same files at
 * the same places, so the request's other mounts are dropped, as CRI-O does.
 */
final class RestoreRequest {
    /**
     * CRI-O's {@code ignoreMounts}, made by the runtime for every container, plus
     * {@code /etc/hosts}, which cortado (as containerd) binds from the pod when the request has
     * none. The request may still give these: its own are kept.
     */
    static final Set<String> RUNTIME_MOUNTS = Set.of(
            "/proc",
            "/dev",
            "/dev/pts",
            "/dev/mqueue",
            "/sys",
            "/sys/fs/cgroup",
            "/dev/shm",
            "/etc/resolv.conf",
            "/etc/hostname",
            "/etc/hosts",
            "/etc/passwd",
            "/etc/group",
            "/run/secrets",
            "/run/.containerenv");

    private RestoreRequest() {}

    /** The config to create the container from; INVALID_ARGUMENT naming the undeclared mounts. */
    static ContainerConfig config(CheckpointArchive archive, ContainerConfig request) {
        List<Mount> mounts = new ArrayList<>(request.getMountsList().stream()
                .filter(m -> RUNTIME_MOUNTS.contains(m.getContainerPath()))
                .toList());
        List<String> missing = new ArrayList<>();
        for (String destination : archive.spec().bindMounts()) {
            if (RUNTIME_MOUNTS.contains(destination)) {
                continue;
            }
            request.getMountsList().stream()
                    .filter(m -> m.getContainerPath().equals(destination))
                    .findFirst()
                    .ifPresentOrElse(mounts::add, () -> missing.add(destination));
        }
        if (!missing.isEmpty()) {
            throw CortadoException.invalidArgument(
                    "restoring %s expects these bind mounts to be defined by the container config (%s)",
                    archive.path(), String.join(",", missing));
        }
        return request.toBuilder()
                .setImage(ImageSpec.newBuilder().setImage(archive.config().imageName()))
                .clearMounts()
                .addAllMounts(mounts)
                .build();
    }
}

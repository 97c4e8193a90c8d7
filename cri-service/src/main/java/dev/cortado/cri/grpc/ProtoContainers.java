package dev.cortado.cri.grpc;

import dev.cortado.api.cri.v1.ContainerConfig;
import dev.cortado.api.cri.v1.ContainerResources;
import dev.cortado.api.cri.v1.ContainerStatus;
import dev.cortado.api.cri.v1.ImageSpec;
import dev.cortado.api.cri.v1.LinuxContainerUser;
import dev.cortado.cri.container.Container;
import dev.cortado.cri.container.ContainerFilter;
import dev.cortado.cri.container.ContainerState;
import dev.cortado.errors.CortadoException;
import java.util.Optional;

/**
 * Container records to CRI protos and the CRI filter to ours, filled as containerd's CRI plugin
 * fills them ({@code container_status.go}, {@code container_list.go}); generated types stop here.
 */
final class ProtoContainers {
    private ProtoContainers() {}

    /** ListContainers' filter; absent is every container. */
    static ContainerFilter filter(boolean present, dev.cortado.api.cri.v1.ContainerFilter in) {
        if (!present) {
            return ContainerFilter.ALL;
        }
        Optional<ContainerState> state =
                in.hasState() ? Optional.of(state(in.getState().getStateValue())) : Optional.empty();
        return new ContainerFilter(in.getId(), state, in.getPodSandboxId(), in.getLabelSelectorMap());
    }

    private static ContainerState state(int value) {
        return switch (value) {
            case dev.cortado.api.cri.v1.ContainerState.CONTAINER_CREATED_VALUE -> ContainerState.CREATED;
            case dev.cortado.api.cri.v1.ContainerState.CONTAINER_RUNNING_VALUE -> ContainerState.RUNNING;
            case dev.cortado.api.cri.v1.ContainerState.CONTAINER_EXITED_VALUE -> ContainerState.EXITED;
            case dev.cortado.api.cri.v1.ContainerState.CONTAINER_UNKNOWN_VALUE -> ContainerState.UNKNOWN;
            default ->
                throw CortadoException.invalidArgument(
                        "container state %d is not CREATED, RUNNING, EXITED or UNKNOWN", value);
        };
    }

    /**
     * A ListContainers item. As containerd: {@code image} is the config's as sent and
     * {@code image_ref} the image's id, the value kubelet's image GC compares with ListImages'
     * ids to know which images are in use (ContainerStatus' {@code image_ref} is the repo digest).
     */
    static dev.cortado.api.cri.v1.Container toProto(Container c) {
        return dev.cortado.api.cri.v1.Container.newBuilder()
                .setId(c.id())
                .setPodSandboxId(c.sandboxId())
                .setMetadata(c.config().getMetadata())
                .setImage(c.config().getImage())
                .setImageRef(c.imageId())
                .setImageId(c.imageId())
                .setState(state(c.state()))
                .setCreatedAt(c.status().createdAtNanos())
                .putAllLabels(c.config().getLabelsMap())
                .putAllAnnotations(c.config().getAnnotationsMap())
                .build();
    }

    /** ContainerStatus' status. */
    static ContainerStatus status(Container c) {
        dev.cortado.cri.container.ContainerStatus s = c.status();
        ContainerConfig config = c.config();
        ContainerStatus.Builder out = ContainerStatus.newBuilder()
                .setId(c.id())
                .setMetadata(config.getMetadata())
                .setState(state(s.state()))
                .setCreatedAt(s.createdAtNanos())
                .setExitCode(s.exitCode())
                .setImage(image(c))
                .setImageRef(c.imageRef().isEmpty() ? c.imageId() : c.imageRef())
                .setImageId(c.imageId())
                .setReason(reason(s))
                .setMessage(s.message())
                .putAllLabels(config.getLabelsMap())
                .putAllAnnotations(config.getAnnotationsMap())
                // the config's mounts as sent, in order: critest reads the user's mount as mounts[0]
                .addAllMounts(config.getMountsList())
                .setLogPath(c.logPath())
                .setStopSignal(ProtoSignals.of(c.stopSignal()));
        // A created container has neither time; a running one no finish (containerd leaves them 0).
        switch (s.state()) {
            case RUNNING -> out.setStartedAt(s.startedAtNanos());
            case EXITED, UNKNOWN -> out.setStartedAt(s.startedAtNanos()).setFinishedAt(s.finishedAtNanos());
            case CREATED -> {}
        }
        if (config.getLinux().hasResources()) {
            out.setResources(
                    ContainerResources.newBuilder().setLinux(config.getLinux().getResources()));
        }
        out.getUserBuilder()
                .setLinux(LinuxContainerUser.newBuilder()
                        .setUid(c.user().uid())
                        .setGid(c.user().gid())
                        .addAllSupplementalGroups(c.user().additionalGids()));
        return out.build();
    }

    /**
     * The image by name: the record's name when it differs from what the config sent (kubelet sends
     * the image id; containerd then reports the image's first tag), else the config's spec whole.
     */
    private static ImageSpec image(Container c) {
        ImageSpec sent = c.config().getImage();
        if (c.imageName().isEmpty() || c.imageName().equals(sent.getImage())) {
            return sent.getImage().isEmpty()
                    ? sent.toBuilder().setImage(c.imageId()).build()
                    : sent;
        }
        return ImageSpec.newBuilder().setImage(c.imageName()).build();
    }

    /** containerd fills in {@code Completed} or {@code Error} for an exit that has no reason of its own. */
    private static String reason(dev.cortado.cri.container.ContainerStatus s) {
        if (s.state() == ContainerState.EXITED && s.reason().isEmpty()) {
            return s.exitCode() == 0 ? "Completed" : "Error";
        }
        return s.reason();
    }

    static dev.cortado.api.cri.v1.ContainerState state(ContainerState state) {
        return switch (state) {
            case CREATED -> dev.cortado.api.cri.v1.ContainerState.CONTAINER_CREATED;
            case RUNNING -> dev.cortado.api.cri.v1.ContainerState.CONTAINER_RUNNING;
            case EXITED -> dev.cortado.api.cri.v1.ContainerState.CONTAINER_EXITED;
            case UNKNOWN -> dev.cortado.api.cri.v1.ContainerState.CONTAINER_UNKNOWN;
        };
    }
}

package dev.cortado.cri.spec;

import dev.cortado.api.cri.v1.ContainerConfig;
import dev.cortado.api.cri.v1.PodSandboxConfig;
import java.util.Objects;

/**
 * Everything one CreateContainer gives the spec builder: the CRI request's two configs (taken as
 * the generated protos: this package's whole job is CRI -> OCI translation), what the pod made,
 * what the image says, and where the container lives.
 *
 * @param containerId the new container's id
 * @param config the CRI {@code ContainerConfig}
 * @param sandboxConfig the CRI {@code PodSandboxConfig} the pod was created with
 * @param pod the pod's namespaces and files
 * @param image the image's config
 * @param imageName the image name for {@code io.kubernetes.cri.image-name} (user-specified, else resolved)
 * @param rootfs reads the image's /etc/passwd and /etc/group
 * @param volumesDir where anonymous volumes of image {@code VOLUME}s go (empty: none are made)
 * @param targetPidNamespace the target container's PID namespace for pid mode TARGET, else empty
 */
public record SpecRequest(
        String containerId,
        ContainerConfig config,
        PodSandboxConfig sandboxConfig,
        PodFacts pod,
        ImageConfig image,
        String imageName,
        RootfsFiles rootfs,
        String volumesDir,
        String targetPidNamespace) {

    public SpecRequest {
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(sandboxConfig, "sandboxConfig");
        Objects.requireNonNull(pod, "pod");
        Objects.requireNonNull(image, "image");
        imageName = Objects.requireNonNullElse(imageName, "");
        Objects.requireNonNull(rootfs, "rootfs");
        volumesDir = Objects.requireNonNullElse(volumesDir, "");
        targetPidNamespace = Objects.requireNonNullElse(targetPidNamespace, "");
    }

    /** A builder; unset parts are an empty image, no rootfs files, no volumes dir. */
    public static Builder builder(
            String containerId, ContainerConfig config, PodSandboxConfig sandboxConfig, PodFacts pod) {
        return new Builder(containerId, config, sandboxConfig, pod);
    }

    /** Builds a {@link SpecRequest}. */
    public static final class Builder {
        private final String containerId;
        private final ContainerConfig config;
        private final PodSandboxConfig sandboxConfig;
        private final PodFacts pod;
        private ImageConfig image = ImageConfig.EMPTY;
        private String imageName = "";
        private RootfsFiles rootfs = RootfsFiles.NONE;
        private String volumesDir = "";
        private String targetPidNamespace = "";

        private Builder(String containerId, ContainerConfig config, PodSandboxConfig sandboxConfig, PodFacts pod) {
            this.containerId = containerId;
            this.config = config;
            this.sandboxConfig = sandboxConfig;
            this.pod = pod;
        }

        public Builder image(ImageConfig v, String name) {
            image = v;
            imageName = name;
            return this;
        }

        public Builder rootfs(RootfsFiles v) {
            rootfs = v;
            return this;
        }

        public Builder volumesDir(String v) {
            volumesDir = v;
            return this;
        }

        public Builder targetPidNamespace(String v) {
            targetPidNamespace = v;
            return this;
        }

        public SpecRequest build() {
            return new SpecRequest(
                    containerId, config, sandboxConfig, pod, image, imageName, rootfs, volumesDir, targetPidNamespace);
        }
    }
}

package dev.cortado.cri.daemon;

import dev.cortado.api.cri.v1.ContainerFilter;
import dev.cortado.api.cri.v1.ContainerStatsFilter;
import dev.cortado.api.cri.v1.ImageFsInfoRequest;
import dev.cortado.api.cri.v1.ImageServiceGrpc;
import dev.cortado.api.cri.v1.ImageSpec;
import dev.cortado.api.cri.v1.ImageStatusRequest;
import dev.cortado.api.cri.v1.ListContainerStatsRequest;
import dev.cortado.api.cri.v1.ListContainersRequest;
import dev.cortado.api.cri.v1.ListImagesRequest;
import dev.cortado.api.cri.v1.ListPodSandboxRequest;
import dev.cortado.api.cri.v1.PodSandboxStatusRequest;
import dev.cortado.api.cri.v1.PullImageRequest;
import dev.cortado.api.cri.v1.RemoveImageRequest;
import dev.cortado.api.cri.v1.RuntimeServiceGrpc;
import dev.cortado.api.cri.v1.StatusRequest;
import dev.cortado.api.cri.v1.VersionRequest;
import dev.cortado.cri.config.ConfigLoader;
import dev.cortado.transport.UnixGrpc;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The training run of the class data sharing archive that {@code mvn package} builds
 * ({@code target/cortado.jsa}, mapped by the launcher {@code target/bin/cortado}): starts a daemon
 * on a scratch root, state and socket under the directory given, makes the calls kubelet makes
 * when it connects (Version, Status, the List calls, ImageFsInfo, a status of an unknown pod for
 * the error path) and pulls of the warm-up image from a registry on loopback ({@link LoopbackRegistry}, {@link WarmupLayers}), stops it and exits, so that the JVM ({@code -XX:ArchiveClassesAtExit}) archives
 * every class a start and its first calls load. Never fails the build: a host where the daemon
 * cannot start (no root) gets a smaller archive, or none, and a warning.
 */
public final class CdsTraining {
    private CdsTraining() {}

    @SuppressWarnings("try") // the daemon is held open for the calls, never referenced
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]).toAbsolutePath();
        Files.createDirectories(dir.resolve("net.d"));
        Path socket = dir.resolve("state/cortado.sock");
        Path config = Files.writeString(dir.resolve("cortado.toml"), """
                root = "%1$s/root"
                state = "%1$s/state"
                [grpc]
                address = "%2$s"
                [cni]
                conf_dir = "%1$s/net.d"
                """.formatted(dir, socket));
        try {
            var cfg = new ConfigLoader().load(config, true);
            Logging.configure("warn");
            try (Daemon ignored =
                            Daemon.start(cfg, Map.of("PATH", System.getenv().getOrDefault("PATH", "")));
                    UnixGrpc.Channel channel = UnixGrpc.channel(socket);
                    LoopbackRegistry registry = LoopbackRegistry.start(WarmupLayers.build())) {
                calls(channel);
                pull(channel, registry.image());
            }
        } catch (RuntimeException | Error e) {
            System.err.println("warning: the class data sharing training run stopped early (" + e
                    + "); the archive holds the classes loaded until then");
        }
        System.exit(0); // the JVM writes the archive as it exits; no thread left running may hold it
    }

    /** A pull, its status and its removal, twice: the first pull after a start is what the archive speeds up. */
    private static void pull(UnixGrpc.Channel channel, String image) {
        ImageServiceGrpc.ImageServiceBlockingStub images = ImageServiceGrpc.newBlockingStub(channel.managed());
        ImageSpec spec = ImageSpec.newBuilder().setImage(image).build();
        for (int i = 0; i < 2; i++) {
            try {
                images.pullImage(PullImageRequest.newBuilder().setImage(spec).build());
                images.imageStatus(ImageStatusRequest.newBuilder()
                        .setImage(spec)
                        .setVerbose(true)
                        .build());
                images.removeImage(
                        RemoveImageRequest.newBuilder().setImage(spec).build());
            } catch (StatusRuntimeException e) {
                System.err.println("warning: the class data sharing training pull failed: " + e.getStatus());
            }
        }
    }

    private static void calls(UnixGrpc.Channel channel) {
        RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime = RuntimeServiceGrpc.newBlockingStub(channel.managed());
        ImageServiceGrpc.ImageServiceBlockingStub images = ImageServiceGrpc.newBlockingStub(channel.managed());
        for (int i = 0; i < 3; i++) {
            runtime.version(VersionRequest.newBuilder().setVersion("v1").build());
            runtime.status(StatusRequest.newBuilder().setVerbose(true).build());
            runtime.listPodSandbox(ListPodSandboxRequest.getDefaultInstance());
            runtime.listContainers(ListContainersRequest.newBuilder()
                    .setFilter(ContainerFilter.getDefaultInstance())
                    .build());
            runtime.listContainerStats(ListContainerStatsRequest.newBuilder()
                    .setFilter(ContainerStatsFilter.getDefaultInstance())
                    .build());
            images.listImages(ListImagesRequest.getDefaultInstance());
            images.imageFsInfo(ImageFsInfoRequest.getDefaultInstance());
            try {
                runtime.podSandboxStatus(PodSandboxStatusRequest.newBuilder()
                        .setPodSandboxId("cds-training")
                        .build());
            } catch (StatusRuntimeException expected) {
                // NOT_FOUND: the error path (interceptor, status mapping) is what this loads
            }
        }
    }
}

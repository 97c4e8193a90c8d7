package dev.cortado.integration.cri;

import dev.cortado.api.cri.v1.ContainerConfig;
import dev.cortado.api.cri.v1.ContainerFilter;
import dev.cortado.api.cri.v1.ContainerState;
import dev.cortado.api.cri.v1.ContainerStatus;
import dev.cortado.api.cri.v1.ContainerStatusRequest;
import dev.cortado.api.cri.v1.ContainerStatusResponse;
import dev.cortado.api.cri.v1.CreateContainerRequest;
import dev.cortado.api.cri.v1.ExecSyncRequest;
import dev.cortado.api.cri.v1.ExecSyncResponse;
import dev.cortado.api.cri.v1.ImageServiceGrpc;
import dev.cortado.api.cri.v1.ImageSpec;
import dev.cortado.api.cri.v1.ListContainersRequest;
import dev.cortado.api.cri.v1.ListPodSandboxRequest;
import dev.cortado.api.cri.v1.PodSandbox;
import dev.cortado.api.cri.v1.PodSandboxConfig;
import dev.cortado.api.cri.v1.PodSandboxFilter;
import dev.cortado.api.cri.v1.PodSandboxStatusRequest;
import dev.cortado.api.cri.v1.PodSandboxStatusResponse;
import dev.cortado.api.cri.v1.PullImageRequest;
import dev.cortado.api.cri.v1.RemoveContainerRequest;
import dev.cortado.api.cri.v1.RemovePodSandboxRequest;
import dev.cortado.api.cri.v1.RunPodSandboxRequest;
import dev.cortado.api.cri.v1.RuntimeServiceGrpc;
import dev.cortado.api.cri.v1.StartContainerRequest;
import dev.cortado.api.cri.v1.StatusRequest;
import dev.cortado.api.cri.v1.StatusResponse;
import dev.cortado.api.cri.v1.StopContainerRequest;
import dev.cortado.api.cri.v1.StopPodSandboxRequest;
import dev.cortado.api.cri.v1.VersionRequest;
import dev.cortado.api.cri.v1.VersionResponse;
import dev.cortado.transport.UnixGrpc;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A CRI client that makes the calls kubelet makes, one blocking call per method, over a unix
 * socket; it drives any CRI endpoint (containerd's CRI plugin, Cortado). Every call gets its
 * own deadline ({@link #timeout} from the moment it is made); errors arrive as grpc's
 * {@code StatusRuntimeException} with the server's code, untouched, so tests can assert on it.
 */
public final class CriClient implements AutoCloseable {
    /** Deadline of one call unless given: generous, a cold pull or a slow CNI add on 2 cores. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final UnixGrpc.Channel channel;
    private final RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime;
    private final ImageServiceGrpc.ImageServiceBlockingStub images;
    private final Duration timeout;

    private CriClient(UnixGrpc.Channel channel, Duration timeout) {
        this.channel = channel;
        this.runtime = RuntimeServiceGrpc.newBlockingStub(channel.managed());
        this.images = ImageServiceGrpc.newBlockingStub(channel.managed());
        this.timeout = timeout;
    }

    /** A client of the CRI socket {@code socket}; close it to close the channel. */
    public static CriClient connect(Path socket) {
        return connect(socket, DEFAULT_TIMEOUT);
    }

    public static CriClient connect(Path socket, Duration timeout) {
        return new CriClient(UnixGrpc.channel(socket), timeout);
    }

    /** The RuntimeService stub with a fresh deadline, for calls this class does not wrap. */
    public RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime() {
        return runtime.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The ImageService stub with a fresh deadline. */
    public ImageServiceGrpc.ImageServiceBlockingStub images() {
        return images.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public VersionResponse version() {
        return runtime().version(VersionRequest.newBuilder().setVersion("v1").build());
    }

    public StatusResponse status(boolean verbose) {
        return runtime().status(StatusRequest.newBuilder().setVerbose(verbose).build());
    }

    /** PullImage as kubelet sends it (with the pod's config when it has one); returns the image ref. */
    public String pullImage(String image, PodSandboxConfig sandbox) {
        PullImageRequest.Builder request =
                PullImageRequest.newBuilder().setImage(ImageSpec.newBuilder().setImage(image));
        if (sandbox != null) {
            request.setSandboxConfig(sandbox);
        }
        return images().pullImage(request.build()).getImageRef();
    }

    /** RunPodSandbox on {@code handler} ("" is the runtime's default); returns the sandbox id. */
    public String runPodSandbox(PodSandboxConfig config, String handler) {
        return runtime()
                .runPodSandbox(RunPodSandboxRequest.newBuilder()
                        .setConfig(config)
                        .setRuntimeHandler(handler)
                        .build())
                .getPodSandboxId();
    }

    public PodSandboxStatusResponse podSandboxStatus(String podId, boolean verbose) {
        return runtime()
                .podSandboxStatus(PodSandboxStatusRequest.newBuilder()
                        .setPodSandboxId(podId)
                        .setVerbose(verbose)
                        .build());
    }

    public List<PodSandbox> listPodSandbox(PodSandboxFilter filter) {
        return runtime()
                .listPodSandbox(
                        ListPodSandboxRequest.newBuilder().setFilter(filter).build())
                .getItemsList();
    }

    /** StopPodSandbox: idempotent by the CRI spec, kubelet calls it again on any doubt. */
    public void stopPodSandbox(String podId) {
        runtime()
                .stopPodSandbox(StopPodSandboxRequest.newBuilder()
                        .setPodSandboxId(podId)
                        .build());
    }

    /** RemovePodSandbox: idempotent by the CRI spec; removes containers still in the pod. */
    public void removePodSandbox(String podId) {
        runtime()
                .removePodSandbox(RemovePodSandboxRequest.newBuilder()
                        .setPodSandboxId(podId)
                        .build());
    }

    /** CreateContainer in {@code podId}, with the pod's config as kubelet sends it; returns the id. */
    public String createContainer(String podId, ContainerConfig config, PodSandboxConfig sandbox) {
        return runtime()
                .createContainer(CreateContainerRequest.newBuilder()
                        .setPodSandboxId(podId)
                        .setConfig(config)
                        .setSandboxConfig(sandbox)
                        .build())
                .getContainerId();
    }

    public void startContainer(String containerId) {
        runtime()
                .startContainer(StartContainerRequest.newBuilder()
                        .setContainerId(containerId)
                        .build());
    }

    /** StopContainer with a grace period in seconds (0 kills at once). */
    public void stopContainer(String containerId, long graceSeconds) {
        runtime.withDeadlineAfter(timeout.toMillis() + graceSeconds * 1000, TimeUnit.MILLISECONDS)
                .stopContainer(StopContainerRequest.newBuilder()
                        .setContainerId(containerId)
                        .setTimeout(graceSeconds)
                        .build());
    }

    public void removeContainer(String containerId) {
        runtime()
                .removeContainer(RemoveContainerRequest.newBuilder()
                        .setContainerId(containerId)
                        .build());
    }

    public ContainerStatus containerStatus(String containerId) {
        return containerStatus(containerId, false).getStatus();
    }

    public ContainerStatusResponse containerStatus(String containerId, boolean verbose) {
        return runtime()
                .containerStatus(ContainerStatusRequest.newBuilder()
                        .setContainerId(containerId)
                        .setVerbose(verbose)
                        .build());
    }

    public List<dev.cortado.api.cri.v1.Container> listContainers(ContainerFilter filter) {
        return runtime()
                .listContainers(
                        ListContainersRequest.newBuilder().setFilter(filter).build())
                .getContainersList();
    }

    /** The containers of one pod. */
    public List<dev.cortado.api.cri.v1.Container> listContainers(String podId) {
        return listContainers(
                ContainerFilter.newBuilder().setPodSandboxId(podId).build());
    }

    /**
     * Polls ContainerStatus every 20 ms until the container is in {@code state}; an
     * AssertionError with the last status after {@code within}.
     */
    public ContainerStatus awaitState(String containerId, ContainerState state, Duration within)
            throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        ContainerStatus status = containerStatus(containerId);
        while (status.getState() != state && System.nanoTime() < deadline) {
            Thread.sleep(20);
            status = containerStatus(containerId);
        }
        if (status.getState() != state) {
            throw new AssertionError("container " + containerId + " not " + state + " after " + within + ": " + status);
        }
        return status;
    }

    /**
     * ExecSync of {@code cmd} with the runtime's timeout {@code within} (whole seconds, at least
     * one; 0 would mean none); the call's deadline leaves the runtime time to answer first.
     */
    public ExecSyncResponse execSync(String containerId, Duration within, String... cmd) {
        long seconds = Math.max(1, within.toSeconds());
        return runtime.withDeadlineAfter(timeout.toMillis() + seconds * 1000, TimeUnit.MILLISECONDS)
                .execSync(ExecSyncRequest.newBuilder()
                        .setContainerId(containerId)
                        .addAllCmd(List.of(cmd))
                        .setTimeout(seconds)
                        .build());
    }

    @Override
    public void close() {
        channel.close();
    }
}

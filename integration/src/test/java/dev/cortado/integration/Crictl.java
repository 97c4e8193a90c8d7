package dev.cortado.integration;

import dev.cortado.api.cri.v1.ListPodSandboxRequest;
import dev.cortado.api.cri.v1.PodSandbox;
import dev.cortado.api.cri.v1.PodSandboxConfig;
import dev.cortado.api.cri.v1.PodSandboxFilter;
import dev.cortado.api.cri.v1.PodSandboxStatusRequest;
import dev.cortado.api.cri.v1.PodSandboxStatusResponse;
import dev.cortado.api.cri.v1.RemovePodSandboxRequest;
import dev.cortado.api.cri.v1.RunPodSandboxRequest;
import dev.cortado.api.cri.v1.RuntimeCondition;
import dev.cortado.api.cri.v1.RuntimeServiceGrpc;
import dev.cortado.api.cri.v1.StatusRequest;
import dev.cortado.api.cri.v1.StatusResponse;
import dev.cortado.api.cri.v1.StopPodSandboxRequest;
import dev.cortado.api.cri.v1.VersionRequest;
import dev.cortado.api.cri.v1.VersionResponse;
import dev.cortado.transport.UnixGrpc;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The calls crictl makes for {@code crictl version}, {@code info}, {@code runp}, {@code pods},
 * {@code inspectp}, {@code stopp} and {@code rmp}, and the text it
 * prints for them (crictl is not packaged for Debian, so the tests play its part).
 */
final class Crictl {
    private final UnixGrpc.Channel channel;
    private final RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime;

    Crictl(UnixGrpc.Channel channel) {
        this.channel = channel;
        this.runtime = RuntimeServiceGrpc.newBlockingStub(channel.managed()).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    /** A stub with a fresh deadline per call (a stub's deadline is absolute). */
    private RuntimeServiceGrpc.RuntimeServiceBlockingStub rpc() {
        return RuntimeServiceGrpc.newBlockingStub(channel.managed()).withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    /** {@code crictl runp pod.json}: the new pod's id. */
    String runp(PodSandboxConfig config) {
        return rpc().runPodSandbox(
                        RunPodSandboxRequest.newBuilder().setConfig(config).build())
                .getPodSandboxId();
    }

    /** {@code crictl stopp ID}. */
    void stopp(String id) {
        rpc().stopPodSandbox(
                        StopPodSandboxRequest.newBuilder().setPodSandboxId(id).build());
    }

    /** {@code crictl rmp ID}. */
    void rmp(String id) {
        rpc().removePodSandbox(
                        RemovePodSandboxRequest.newBuilder().setPodSandboxId(id).build());
    }

    /** {@code crictl pods} with a filter ({@code --id}, {@code --state}, {@code --label}). */
    List<PodSandbox> pods(PodSandboxFilter filter) {
        return rpc().listPodSandbox(
                        ListPodSandboxRequest.newBuilder().setFilter(filter).build())
                .getItemsList();
    }

    /** {@code crictl inspectp ID}: verbose status. */
    PodSandboxStatusResponse inspectp(String id) {
        return rpc().podSandboxStatus(PodSandboxStatusRequest.newBuilder()
                .setPodSandboxId(id)
                .setVerbose(true)
                .build());
    }

    /** {@code crictl version}: Version with the kubelet's API version "v1". */
    VersionResponse version() {
        return runtime.version(VersionRequest.newBuilder().setVersion("v1").build());
    }

    static String print(VersionResponse v) {
        return "Version:  " + v.getVersion() + "\nRuntimeName:  " + v.getRuntimeName() + "\nRuntimeVersion:  "
                + v.getRuntimeVersion() + "\nRuntimeApiVersion:  " + v.getRuntimeApiVersion() + "\n";
    }

    /** {@code crictl info}: Status with verbose=true. */
    StatusResponse info() {
        return runtime.status(StatusRequest.newBuilder().setVerbose(true).build());
    }

    static RuntimeCondition condition(StatusResponse status, String type) {
        return status.getStatus().getConditionsList().stream()
                .filter(c -> c.getType().equals(type))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no condition " + type + " in " + status));
    }
}

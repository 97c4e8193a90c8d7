package dev.cortado.integration;

import dev.cortado.api.cri.v1.RuntimeCondition;
import dev.cortado.api.cri.v1.RuntimeServiceGrpc;
import dev.cortado.api.cri.v1.StatusRequest;
import dev.cortado.api.cri.v1.StatusResponse;
import dev.cortado.api.cri.v1.VersionRequest;
import dev.cortado.api.cri.v1.VersionResponse;
import dev.cortado.transport.UnixGrpc;
import java.util.concurrent.TimeUnit;

/**
 * The calls crictl makes for {@code crictl version} and {@code crictl info}, and the text it
 * prints for them (crictl is not packaged for Debian, so the tests play its part).
 */
final class Crictl {
    private final RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime;

    Crictl(UnixGrpc.Channel channel) {
        this.runtime = RuntimeServiceGrpc.newBlockingStub(channel.managed()).withDeadlineAfter(10, TimeUnit.SECONDS);
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
        return status.getStatus().getConditionsList().stream().filter(c -> c.getType().equals(type)).findFirst()
                .orElseThrow(() -> new AssertionError("no condition " + type + " in " + status));
    }
}

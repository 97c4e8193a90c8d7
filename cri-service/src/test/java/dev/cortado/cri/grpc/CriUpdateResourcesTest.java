package dev.cortado.cri.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.api.cri.v1.ContainerStatusRequest;
import dev.cortado.api.cri.v1.LinuxContainerResources;
import dev.cortado.api.cri.v1.UpdateContainerResourcesRequest;
import dev.cortado.cri.container.ContainerState;
import dev.cortado.cri.container.ContainerStatus;
import dev.cortado.errors.CortadoException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** UpdateContainerResources through a real CRI server: the request reaches the domain, ContainerStatus shows it. */
class CriUpdateResourcesTest {
    @TempDir
    Path dir;

    private CriHarness cri;

    @BeforeEach
    void start() throws Exception {
        cri = new CriHarness(
                dir,
                id -> {
                    throw CortadoException.notFound("pod %s not found", id);
                },
                ContainerEventFanout.DEFAULT_QUEUE);
    }

    @AfterEach
    void stop() {
        cri.close();
    }

    @Test
    void update_isShownByContainerStatus() {
        String id = FakeContainers.id(1);
        cri.containers.put(FakeContainers.container(
                id,
                "f".repeat(64),
                FakeContainers.config("web"),
                new ContainerStatus(ContainerState.RUNNING, 1, 2, 0, 0, "", "", 42)));
        LinuxContainerResources resources = LinuxContainerResources.newBuilder()
                .setCpuQuota(150_000)
                .setCpuPeriod(100_000)
                .build();
        cri.blocking()
                .updateContainerResources(UpdateContainerResourcesRequest.newBuilder()
                        .setContainerId(id)
                        .setLinux(resources)
                        .build());
        assertThat(cri.blocking()
                        .containerStatus(ContainerStatusRequest.newBuilder()
                                .setContainerId(id)
                                .build())
                        .getStatus()
                        .getResources()
                        .getLinux())
                .isEqualTo(resources);
    }

    @Test
    void badRequests_areInvalidArgument_unknownIsNotFound() {
        assertCode(
                Status.Code.INVALID_ARGUMENT,
                () -> cri.blocking()
                        .updateContainerResources(UpdateContainerResourcesRequest.newBuilder()
                                .setLinux(LinuxContainerResources.getDefaultInstance())
                                .build()));
        assertCode(
                Status.Code.INVALID_ARGUMENT,
                () -> cri.blocking()
                        .updateContainerResources(UpdateContainerResourcesRequest.newBuilder()
                                .setContainerId("abc")
                                .build()));
        assertCode(
                Status.Code.NOT_FOUND,
                () -> cri.blocking()
                        .updateContainerResources(UpdateContainerResourcesRequest.newBuilder()
                                .setContainerId("abc")
                                .setLinux(LinuxContainerResources.getDefaultInstance())
                                .build()));
    }

    private static void assertCode(Status.Code code, Runnable call) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(code));
    }
}

package dev.cortado.cri.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.cortado.api.cri.v1.ContainerStateValue;
import dev.cortado.api.cri.v1.ContainerStatusRequest;
import dev.cortado.api.cri.v1.ContainerStatusResponse;
import dev.cortado.api.cri.v1.CreateContainerRequest;
import dev.cortado.api.cri.v1.ExecSyncRequest;
import dev.cortado.api.cri.v1.ExecSyncResponse;
import dev.cortado.api.cri.v1.GetEventsRequest;
import dev.cortado.api.cri.v1.ListContainersRequest;
import dev.cortado.api.cri.v1.RemoveContainerRequest;
import dev.cortado.api.cri.v1.ReopenContainerLogRequest;
import dev.cortado.api.cri.v1.StartContainerRequest;
import dev.cortado.api.cri.v1.StopContainerRequest;
import dev.cortado.cri.container.ContainerState;
import dev.cortado.cri.container.ContainerStatus;
import dev.cortado.cri.container.ExecSyncResult;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** The container RPCs through a real CRI server and client, over a fake {@code Containers}. */
class CriContainersTest {
    private static final String POD = "f".repeat(64);

    @TempDir
    Path dir;

    private CriHarness cri;
    private FakeContainers fake;

    @BeforeEach
    void start() throws Exception {
        cri = new CriHarness(
                dir,
                id -> {
                    throw CortadoException.notFound("pod %s not found", id);
                },
                ContainerEventFanout.DEFAULT_QUEUE);
        fake = cri.containers;
    }

    @AfterEach
    void stop() {
        cri.close();
    }

    private static void assertCode(Status.Code code, String text, Executable call) {
        assertThatThrownBy(call::execute).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).contains(text);
        });
    }

    private String create(String name) {
        return cri.blocking()
                .createContainer(CreateContainerRequest.newBuilder()
                        .setPodSandboxId(POD)
                        .setConfig(FakeContainers.config(name))
                        .build())
                .getContainerId();
    }

    @Test
    void createStartStatus_reportTheContainerAsTheDomainHasIt() {
        String id = create("web");
        assertThat(id).isEqualTo(FakeContainers.id(1));

        cri.blocking()
                .startContainer(
                        StartContainerRequest.newBuilder().setContainerId(id).build());

        ContainerStatusResponse status = cri.blocking()
                .containerStatus(ContainerStatusRequest.newBuilder()
                        .setContainerId(id.substring(0, 12))
                        .build());
        assertThat(status.getStatus().getState()).isEqualTo(dev.cortado.api.cri.v1.ContainerState.CONTAINER_RUNNING);
        assertThat(status.getStatus().getStartedAt()).isEqualTo(2_000);
        assertThat(status.getStatus().getMetadata().getName()).isEqualTo("web");
        assertThat(status.getInfoMap()).isEmpty();
    }

    @Test
    void containerStatus_verbose_carriesTheDomainsInfo() {
        String id = create("web");

        ContainerStatusResponse status = cri.blocking()
                .containerStatus(ContainerStatusRequest.newBuilder()
                        .setContainerId(id)
                        .setVerbose(true)
                        .build());

        assertThat(status.getInfoMap()).containsEntry("info", "{\"sandboxID\":\"" + POD + "\",\"pid\":0}");
    }

    @Test
    void createContainer_withoutConfigOrPodOrName_isInvalidArgument() {
        assertCode(
                Status.Code.INVALID_ARGUMENT,
                "config",
                () -> cri.blocking()
                        .createContainer(CreateContainerRequest.newBuilder()
                                .setPodSandboxId(POD)
                                .build()));
        assertCode(
                Status.Code.INVALID_ARGUMENT,
                "metadata.name",
                () -> cri.blocking()
                        .createContainer(CreateContainerRequest.newBuilder()
                                .setPodSandboxId(POD)
                                .setConfig(FakeContainers.config(""))
                                .build()));
        assertCode(
                Status.Code.INVALID_ARGUMENT,
                "pod_sandbox_id",
                () -> cri.blocking()
                        .createContainer(CreateContainerRequest.newBuilder()
                                .setConfig(FakeContainers.config("web"))
                                .build()));
    }

    @Test
    void domainErrors_keepTheirKindAndMessage() {
        fake.failNext = CortadoException.alreadyExists("name web_p_ns_uid_1 is reserved for %s", FakeContainers.id(9));
        assertCode(Status.Code.ALREADY_EXISTS, "web_p_ns_uid_1", () -> create("web"));

        assertCode(
                Status.Code.NOT_FOUND,
                "container 00ab not found",
                () -> cri.blocking()
                        .containerStatus(ContainerStatusRequest.newBuilder()
                                .setContainerId("00ab")
                                .build()));

        String id = create("web");
        cri.blocking()
                .startContainer(
                        StartContainerRequest.newBuilder().setContainerId(id).build());
        assertCode(
                Status.Code.FAILED_PRECONDITION,
                "not CREATED",
                () -> cri.blocking()
                        .startContainer(StartContainerRequest.newBuilder()
                                .setContainerId(id)
                                .build()));
    }

    @Test
    void idTakingRpcs_withAnEmptyId_areInvalidArgumentNamingTheField() {
        assertCode(
                Status.Code.INVALID_ARGUMENT,
                "StartContainer needs a container_id",
                () -> cri.blocking().startContainer(StartContainerRequest.getDefaultInstance()));
        assertCode(
                Status.Code.INVALID_ARGUMENT,
                "ContainerStatus needs a container_id",
                () -> cri.blocking().containerStatus(ContainerStatusRequest.getDefaultInstance()));
        assertCode(
                Status.Code.INVALID_ARGUMENT,
                "RemoveContainer needs a container_id",
                () -> cri.blocking().removeContainer(RemoveContainerRequest.getDefaultInstance()));
    }

    @Test
    void stopContainer_passesTheTimeout_andNegativeMeansKillAtOnce() {
        String id = create("web");

        cri.blocking()
                .stopContainer(StopContainerRequest.newBuilder()
                        .setContainerId(id)
                        .setTimeout(30)
                        .build());
        assertThat(fake.lastStopTimeout).isEqualTo(Duration.ofSeconds(30));

        cri.blocking()
                .stopContainer(StopContainerRequest.newBuilder()
                        .setContainerId(id)
                        .setTimeout(-5)
                        .build());
        assertThat(fake.lastStopTimeout).isEqualTo(Duration.ZERO);
    }

    @Test
    void stopContainer_ofAnUnknownContainer_succeeds_butOtherFailuresAreReported() {
        cri.blocking()
                .stopContainer(StopContainerRequest.newBuilder()
                        .setContainerId("0123")
                        .setTimeout(10)
                        .build());

        String id = create("web");
        fake.failNext = CortadoException.unavailable("shim of %s is gone", id);
        assertCode(
                Status.Code.UNAVAILABLE,
                "shim of",
                () -> cri.blocking()
                        .stopContainer(StopContainerRequest.newBuilder()
                                .setContainerId(id)
                                .build()));
    }

    @Test
    void removeContainer_removes_andIsIdempotent() {
        String id = create("web");

        cri.blocking()
                .removeContainer(
                        RemoveContainerRequest.newBuilder().setContainerId(id).build());
        cri.blocking()
                .removeContainer(
                        RemoveContainerRequest.newBuilder().setContainerId(id).build());

        assertThat(fake.get(id)).isNull();
    }

    @Test
    void listContainers_mapsEveryFilterPart() {
        String a = create("a");
        create("b");
        cri.blocking()
                .startContainer(
                        StartContainerRequest.newBuilder().setContainerId(a).build());

        var running = cri.blocking()
                .listContainers(ListContainersRequest.newBuilder()
                        .setFilter(dev.cortado.api.cri.v1.ContainerFilter.newBuilder()
                                .setPodSandboxId(POD.substring(0, 8))
                                .setState(ContainerStateValue.newBuilder()
                                        .setState(dev.cortado.api.cri.v1.ContainerState.CONTAINER_RUNNING))
                                .putLabelSelector("app", "x")
                                .setId(a.substring(0, 10)))
                        .build());

        assertThat(fake.lastFilter.state()).contains(ContainerState.RUNNING);
        assertThat(fake.lastFilter.sandboxId()).isEqualTo(POD.substring(0, 8));
        assertThat(fake.lastFilter.id()).isEqualTo(a.substring(0, 10));
        assertThat(fake.lastFilter.labels()).containsEntry("app", "x");
        assertThat(running.getContainersList()).isEmpty(); // no container has the label
        assertThat(cri.blocking()
                        .listContainers(ListContainersRequest.getDefaultInstance())
                        .getContainersList())
                .extracting(c -> c.getMetadata().getName())
                .containsExactly("a", "b");
    }

    @Test
    void listContainers_withAnUnknownState_isInvalidArgument() {
        assertCode(
                Status.Code.INVALID_ARGUMENT,
                "container state 7",
                () -> cri.blocking()
                        .listContainers(ListContainersRequest.newBuilder()
                                .setFilter(dev.cortado.api.cri.v1.ContainerFilter.newBuilder()
                                        .setState(
                                                ContainerStateValue.newBuilder().setStateValue(7)))
                                .build()));
    }

    @Test
    void streamContainers_sendsEachContainerOnce_inBatchesOfAHundred() {
        for (int i = 1; i <= 250; i++) {
            fake.put(FakeContainers.container(
                    FakeContainers.id(i), POD, FakeContainers.config("c" + i), ContainerStatus.created(i, 0)));
        }
        List<dev.cortado.api.cri.v1.StreamContainersResponse> batches = new java.util.ArrayList<>();
        cri.blocking()
                .streamContainers(dev.cortado.api.cri.v1.StreamContainersRequest.getDefaultInstance())
                .forEachRemaining(batches::add);

        assertThat(batches).extracting(b -> b.getContainersCount()).containsExactly(100, 100, 50);
        assertThat(batches.stream()
                        .flatMap(b -> b.getContainersList().stream())
                        .map(c -> c.getId())
                        .distinct())
                .hasSize(250);
    }

    @Test
    void streamContainers_withNoMatch_endsWithoutAResponse() {
        var it = cri.blocking().streamContainers(dev.cortado.api.cri.v1.StreamContainersRequest.getDefaultInstance());
        assertThat(it.hasNext()).isFalse();
    }

    @Test
    void execSync_returnsOutputAndExitCode_andANonZeroExitIsNoError() {
        String id = create("web");
        byte[] binary = {0, (byte) 0xff, 10};
        fake.execResult = new ExecSyncResult("hello".getBytes(), binary, 3, false, false);

        ExecSyncResponse out = cri.blocking()
                .execSync(ExecSyncRequest.newBuilder()
                        .setContainerId(id)
                        .addCmd("sh")
                        .addCmd("-c")
                        .addCmd("exit 3")
                        .setTimeout(10)
                        .build());

        assertThat(out.getStdout().toStringUtf8()).isEqualTo("hello");
        assertThat(out.getStderr()).isEqualTo(ByteString.copyFrom(binary));
        assertThat(out.getExitCode()).isEqualTo(3);
        assertThat(fake.lastExecCommand).containsExactly("sh", "-c", "exit 3");
        assertThat(fake.lastExecTimeout).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void execSync_timeoutOfZeroOrLess_isNone() {
        String id = create("web");
        cri.blocking()
                .execSync(ExecSyncRequest.newBuilder()
                        .setContainerId(id)
                        .addCmd("true")
                        .setTimeout(-1)
                        .build());
        assertThat(fake.lastExecTimeout).isEqualTo(Duration.ZERO);
    }

    @Test
    void execSync_truncatedOutput_isSentAsCapped() {
        String id = create("web");
        fake.execResult = new ExecSyncResult(new byte[1 << 20], new byte[0], 0, true, false);

        ExecSyncResponse out = cri.blocking()
                .execSync(ExecSyncRequest.newBuilder()
                        .setContainerId(id)
                        .addCmd("yes")
                        .build());

        assertThat(out.getStdout().size()).isEqualTo(1 << 20);
    }

    @Test
    void execSync_withoutCmd_isInvalidArgument_andATimeoutIsDeadlineExceeded() {
        String id = create("web");
        assertCode(
                Status.Code.INVALID_ARGUMENT,
                "needs a cmd",
                () -> cri.blocking()
                        .execSync(
                                ExecSyncRequest.newBuilder().setContainerId(id).build()));

        fake.failNext = new CortadoException(ErrorKind.DEADLINE_EXCEEDED, "exec in " + id + " timed out after 1s");
        assertCode(
                Status.Code.DEADLINE_EXCEEDED,
                "timed out after 1s",
                () -> cri.blocking()
                        .execSync(ExecSyncRequest.newBuilder()
                                .setContainerId(id)
                                .addCmd("sleep")
                                .addCmd("4321")
                                .setTimeout(1)
                                .build()));
    }

    @Test
    void reopenContainerLog_ofARunningContainer_succeeds_elseFailedPrecondition() {
        String id = create("web");
        assertCode(
                Status.Code.FAILED_PRECONDITION,
                "not RUNNING",
                () -> cri.blocking()
                        .reopenContainerLog(ReopenContainerLogRequest.newBuilder()
                                .setContainerId(id)
                                .build()));

        cri.blocking()
                .startContainer(
                        StartContainerRequest.newBuilder().setContainerId(id).build());
        cri.blocking()
                .reopenContainerLog(ReopenContainerLogRequest.newBuilder()
                        .setContainerId(id)
                        .build());
    }

    @Test
    void withoutContainers_theContainerRpcsAreUnimplemented() throws Exception {
        try (CriHarness bare = new CriHarness(Files.createDirectories(dir.resolve("bare")), id -> null, 1, false)) {
            assertCode(
                    Status.Code.UNIMPLEMENTED,
                    "ExecSync",
                    () -> bare.blocking()
                            .execSync(ExecSyncRequest.newBuilder()
                                    .setContainerId("x")
                                    .addCmd("true")
                                    .build()));
            assertCode(
                    Status.Code.UNIMPLEMENTED,
                    "GetContainerEvents",
                    () -> bare.blocking()
                            .getContainerEvents(GetEventsRequest.getDefaultInstance())
                            .hasNext());
        }
    }
}

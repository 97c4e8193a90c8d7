package dev.cortado.integration.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cortado.api.cri.v1.CheckpointContainerRequest;
import dev.cortado.api.cri.v1.CheckpointPodRequest;
import dev.cortado.api.cri.v1.ContainerState;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

/**
 * Cortado only (issue 15): CheckpointContainer through the CRI socket, for each handler (both go
 * through the shim's Task API Checkpoint). Where {@code criu check} fails (this host's 6.18 kernel:
 * criu 3.17 cannot parse its vDSO) the answer is FAILED_PRECONDITION naming criu's own reason, no
 * archive is written and the container keeps running; where criu works the archive has CRI-O's
 * layout and the container keeps running too.
 */
interface CheckpointContract {
    Kubelet kubelet();

    TestImages images();

    @Test
    default void checkpointContainer_archiveOrClearPrecondition_andTheContainerKeepsRunning() throws Exception {
        Kubelet.Pod pod = kubelet().runPod("ctr-it-checkpoint");
        String id = kubelet()
                .run(
                        pod,
                        kubelet()
                                .container(
                                        pod,
                                        "counter",
                                        images().busybox(),
                                        "sh",
                                        "-c",
                                        "i=0; while :; do i=$((i+1)); echo $i > /count; sleep 0.2; done")
                                .build());
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "ctr-it-checkpoint");
        Path location = dir.resolve("counter.tar");
        String criuProblem = criuCheck();

        Throwable failure = catchThrowableOfType(
                Throwable.class,
                () -> kubelet()
                        .cri()
                        .runtime()
                        .checkpointContainer(CheckpointContainerRequest.newBuilder()
                                .setContainerId(id)
                                .setLocation(location.toString())
                                .setTimeout(60)
                                .build()));

        if (criuProblem.isEmpty()) {
            assertThat(failure).isNull();
            assertThat(tarEntries(location))
                    .contains("config.dump", "spec.dump", "rootfs-diff.tar", "deleted.files", "checkpoint/", "dump.log")
                    .anySatisfy(e -> assertThat(e).matches("checkpoint/pages-[0-9]+\\.img"));
        } else {
            assertThat(failure).isInstanceOf(StatusRuntimeException.class);
            Status status = ((StatusRuntimeException) failure).getStatus();
            assertThat(status.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
            assertThat(status.getDescription())
                    .contains(id, "criu does not work on this node", firstErrorLine(criuProblem));
            assertThat(location).doesNotExist();
            assertThat(codeOf(() -> kubelet()
                            .cri()
                            .runtime()
                            .checkpointPod(CheckpointPodRequest.newBuilder()
                                    .setPodSandboxId(pod.id())
                                    .setOutputPath(dir.resolve("pod.tar").toString())
                                    .build())))
                    .as("CheckpointPod is refused for the same reason")
                    .isEqualTo(Status.Code.FAILED_PRECONDITION);
        }
        assertThat(kubelet().cri().containerStatus(id).getState()).isEqualTo(ContainerState.CONTAINER_RUNNING);
        Files.deleteIfExists(location);
        Files.deleteIfExists(dir);
    }

    @Test
    default void checkpointContainer_unknownIdOrRelativeLocation_isRefused() throws Exception {
        Status.Code unknown = codeOf(() -> kubelet()
                .cri()
                .runtime()
                .checkpointContainer(CheckpointContainerRequest.newBuilder()
                        .setContainerId("0123456789ab")
                        .setLocation("/tmp/x.tar")
                        .build()));
        assertThat(unknown).isEqualTo(Status.Code.NOT_FOUND);
        Status.Code noLocation = codeOf(() -> kubelet()
                .cri()
                .runtime()
                .checkpointContainer(CheckpointContainerRequest.newBuilder()
                        .setContainerId("0123456789ab")
                        .build()));
        assertThat(noLocation).isEqualTo(Status.Code.INVALID_ARGUMENT);
    }

    /** Empty when {@code criu check} passes on this host, else its output. */
    private static String criuCheck() throws Exception {
        Process p =
                new ProcessBuilder("criu", "check").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p.exitValue() == 0 ? "" : out;
    }

    private static String firstErrorLine(String criuOutput) {
        return criuOutput.lines().filter(l -> l.startsWith("Error")).findFirst().orElse(criuOutput.strip());
    }

    private static Status.Code codeOf(Runnable call) {
        try {
            call.run();
            return Status.Code.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
        }
    }

    private static List<String> tarEntries(Path tar) throws Exception {
        List<String> names = new ArrayList<>();
        try (InputStream in = Files.newInputStream(tar);
                TarArchiveInputStream t = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e = t.getNextEntry(); e != null; e = t.getNextEntry()) {
                names.add(e.getName());
            }
        }
        return names;
    }
}

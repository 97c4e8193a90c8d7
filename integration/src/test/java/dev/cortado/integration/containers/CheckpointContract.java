package dev.cortado.integration.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cortado.api.cri.v1.CheckpointContainerRequest;
import dev.cortado.api.cri.v1.CheckpointPodRequest;
import dev.cortado.api.cri.v1.ContainerState;
import dev.cortado.integration.Criu;
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
 * Cortado only (issue 15): CheckpointContainer through the CRI socket, for each handler (runc's
 * and cortado's shims through their Task API Checkpoint, the in-process handler through the same
 * checkpointer in the daemon). Where {@code criu check} fails (this host's 6.18 kernel:
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

    /**
     * CreateContainer whose image is a checkpoint archive (CRI-O's restore): a crafted archive is
     * refused before anything else, so is one whose bind mounts the request does not declare;
     * then criu decides (FAILED_PRECONDITION with its reason where it does not work). RestorePod
     * given a container's archive says to use CreateContainer. Nothing is left in the pod.
     */
    @Test
    default void createContainerFromArchive_archiveCheckedFirst_thenCriu() throws Exception {
        Kubelet.Pod pod = kubelet().runPod("ctr-it-restore");
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "ctr-it-restore");
        Path evil = archive(dir.resolve("evil.tar"), "../../etc/cron.d/ctr-it-restore");
        Path good = archive(dir.resolve("counter.tar"), null);
        try {
            String criuProblem = criuCheck();

            StatusRuntimeException crafted = create(pod, evil, false);
            assertThat(crafted.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(crafted.getStatus().getDescription()).contains(evil.toString(), "is not a relative path");
            assertThat(Path.of("/etc/cron.d/ctr-it-restore")).doesNotExist();
            StatusRuntimeException undeclared = create(pod, good, false);
            assertThat(undeclared.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(undeclared.getStatus().getDescription()).contains("expects these bind mounts", "(/data)");
            if (!criuProblem.isEmpty()) {
                StatusRuntimeException noCriu = create(pod, good, true);
                assertThat(noCriu.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                assertThat(noCriu.getStatus().getDescription())
                        .contains("restore container", "criu does not work on this node", firstErrorLine(criuProblem));
            }
            Status.Code restorePod = codeOf(() -> kubelet()
                    .cri()
                    .runtime()
                    .restorePod(dev.cortado.api.cri.v1.RestorePodRequest.newBuilder()
                            .setCheckpointPath(good.toString())
                            .build()));
            assertThat(restorePod).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(kubelet().cri().listContainers(pod.id())).isEmpty();
        } finally {
            Files.deleteIfExists(evil); // also when the test fails
            Files.deleteIfExists(good);
            Files.deleteIfExists(dir);
        }
    }

    /**
     * Where criu works: a counter checkpointed through the CRI socket, its pod removed, and the
     * archive given as the image of a container in a new pod. With the runc handler
     * containerd-shim-runc-v2 restores it at StartContainer ({@code runc restore}) and it counts
     * on from where the checkpoint found it; cortado's handler (shim or in-process) cannot restore
     * yet (UNIMPLEMENTED) and nothing is left. Skipped, with criu's reason, where criu does not work: {@link Criu} picks
     * the criu 4.1 of {@code integration/bin/newer-criu} when it is installed, since Debian 12's
     * criu 3.17 fails on kernels from 6.13 on.
     */
    @Test
    default void checkpointThenRestoreIntoANewPod_countsOnFromTheCheckpoint() throws Exception {
        String criuProblem = criuCheck();
        org.junit.jupiter.api.Assumptions.assumeTrue(
                criuProblem.isEmpty(), () -> "criu does not work here: " + firstErrorLine(criuProblem));
        Kubelet.Pod first = kubelet().runPod("ctr-it-cr-first");
        String counter = "i=0; while :; do i=$((i+1)); echo $i > /count; sleep 0.2; done";
        String id = kubelet()
                .run(
                        first,
                        kubelet()
                                .container(first, "counter", images().busybox(), "sh", "-c", counter)
                                .build());
        awaitCount(id, 3);
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "ctr-it-cr");
        Path location = dir.resolve("counter.tar");
        try {
            long t0 = System.nanoTime();
            kubelet()
                    .cri()
                    .runtime()
                    .checkpointContainer(CheckpointContainerRequest.newBuilder()
                            .setContainerId(id)
                            .setLocation(location.toString())
                            .setTimeout(60)
                            .build());
            long checkpointMs = (System.nanoTime() - t0) / 1_000_000;
            long afterCheckpoint = awaitCount(id, 0);
            kubelet().cri().stopPodSandbox(first.id());
            kubelet().cri().removePodSandbox(first.id());

            Kubelet.Pod second = kubelet().runPod("ctr-it-cr-second");
            var restored = kubelet()
                    .container(second, "counter", location.toString(), "sh")
                    .build();
            if (!kubelet().handler().equals(CortadoRuntime.RUNC)) { // cortado's handler, shim or in-process
                StatusRuntimeException e = catchThrowableOfType(
                        StatusRuntimeException.class, () -> kubelet().create(second, restored));
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
                assertThat(kubelet().cri().listContainers(second.id())).isEmpty();
            } else {
                long t1 = System.nanoTime();
                String back = kubelet().run(second, restored);
                long restoreMs = (System.nanoTime() - t1) / 1_000_000;
                System.out.printf("checkpoint %d ms, create+start (restore) %d ms%n", checkpointMs, restoreMs);
                long resumed = awaitCount(back, 0);
                assertThat(resumed)
                        .as("the restored counter starts from the checkpoint's count, not from 1")
                        .isGreaterThanOrEqualTo(3)
                        .isLessThanOrEqualTo(afterCheckpoint + 50);
                assertThat(awaitCount(back, resumed)).as("and counts on").isGreaterThan(resumed);
            }
        } finally {
            Files.deleteIfExists(location); // also when the test fails
            Files.deleteIfExists(dir);
        }
    }

    /** The counter's /count once above {@code floor} (20 s at most). */
    private long awaitCount(String id, long floor) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String last = "";
        while (System.nanoTime() < deadline) {
            var r = kubelet().cri().execSync(id, java.time.Duration.ofSeconds(10), "cat", "/count");
            last = r.getStdout().toStringUtf8().strip();
            if (r.getExitCode() == 0 && !last.isEmpty() && Long.parseLong(last) > floor) {
                return Long.parseLong(last);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the counter of " + id + " did not pass " + floor + " (last: " + last + ")");
    }

    /** CreateContainer of {@code archive} as the image; the refusal (a creation fails the test). */
    private StatusRuntimeException create(Kubelet.Pod pod, Path archive, boolean declareData) throws Exception {
        var config = kubelet().container(pod, "restored", archive.toString(), "sh");
        if (declareData) {
            config.addMounts(dev.cortado.api.cri.v1.Mount.newBuilder()
                    .setContainerPath("/data")
                    .setHostPath(archive.getParent().toString()));
        }
        var built = config.build();
        return catchThrowableOfType(
                StatusRuntimeException.class, () -> kubelet().create(pod, built));
    }

    /**
     * A checkpoint archive of a busybox counter as CheckpointContainer writes one (config.dump,
     * spec.dump with a bind mount at /data, CRIU's inventory), plus an entry called {@code extra}.
     */
    private Path archive(Path tar, String extra) throws Exception {
        List<String[]> files = new ArrayList<>(List.of(
                new String[] {
                    "config.dump",
                    "{\"id\":\"0123\",\"name\":\"counter\",\"rootfsImageName\":\"" + images().busybox() + "\"}"
                },
                new String[] {
                    "spec.dump",
                    "{\"ociVersion\":\"1.1.0\",\"mounts\":[{\"destination\":\"/data\",\"type\":\"bind\","
                            + "\"source\":\"/srv\",\"options\":[\"rbind\"]}]}"
                },
                new String[] {"checkpoint/inventory.img", "inventory"}));
        if (extra != null) {
            files.add(new String[] {extra, "* * * * * root touch /tmp/pwned"});
        }
        try (var out = Files.newOutputStream(tar);
                var t = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(out)) {
            for (String[] f : files) {
                byte[] content = f[1].getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry e = new TarArchiveEntry(f[0], true);
                e.setSize(content.length);
                t.putArchiveEntry(e);
                t.write(content);
                t.closeArchiveEntry();
            }
        }
        return tar;
    }

    /** Empty when {@code criu check} of the criu the daemon runs ({@link Criu}) passes on this host, else its output. */
    private static String criuCheck() throws Exception {
        return Criu.check();
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

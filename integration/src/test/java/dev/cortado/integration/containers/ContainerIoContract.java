package dev.cortado.integration.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.api.cri.v1.ContainerConfig;
import dev.cortado.api.cri.v1.ExecSyncResponse;
import dev.cortado.api.cri.v1.ReopenContainerLogRequest;
import dev.cortado.integration.cri.CriClient;
import dev.cortado.integration.cri.CriLog;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The container's streams through CRI, part of the contract: the log file kubelet reads (both
 * streams, a line over 16 KiB split into P chunks), ReopenContainerLog while the container
 * writes, and ExecSync (output, exit codes, the timeout that kills the exec).
 */
interface ContainerIoContract {
    RuntimeUnderTest runtime();

    Kubelet kubelet();

    TestImages images();

    @Test
    default void log_holdsBothStreamsLineByLine_andSplitsALongLine() throws Exception {
        Kubelet.Pod pod = kubelet().runPod("ctr-it-logs");
        ContainerConfig config = kubelet()
                .container(
                        pod,
                        "talker",
                        images().busybox(),
                        "sh",
                        "-c",
                        "echo one; echo two >&2; echo three; head -c 20000 /dev/zero | tr '\\0' x; echo; echo four >&2")
                .build();
        String id = kubelet().run(pod, config);
        kubelet()
                .cri()
                .awaitState(
                        id, dev.cortado.api.cri.v1.ContainerState.CONTAINER_EXITED, ContainerLifecycleContract.EXIT);
        List<CriLog.Line> lines = CriLog.read(Kubelet.logOf(pod, config));
        assertThat(CriLog.messages(lines, CriLog.Stream.STDOUT)).containsExactly("one", "three", "x".repeat(20000));
        assertThat(CriLog.messages(lines, CriLog.Stream.STDERR)).containsExactly("two", "four");
        // the 20,000-char line: P chunks of at most 16 KiB, then the F chunk that ends it
        List<CriLog.Line> longLine =
                lines.stream().filter(l -> l.message().startsWith("xxxx")).toList();
        assertThat(longLine).hasSizeGreaterThan(1);
        assertThat(longLine.subList(0, longLine.size() - 1))
                .allMatch(CriLog.Line::partial)
                .allMatch(l -> l.message().length() <= 16 * 1024);
        assertThat(longLine.get(longLine.size() - 1).partial()).isFalse();
    }

    @Test
    default void reopenContainerLog_afterKubeletRenamesIt_losesAndRepeatsNoLine() throws Exception {
        Kubelet.Pod pod = kubelet().runPod("ctr-it-reopen");
        // numbered lines until told to stop (a file appears), then "done <count>"
        ContainerConfig config = kubelet()
                .container(
                        pod,
                        "writer",
                        images().busybox(),
                        "sh",
                        "-c",
                        "i=0; while [ ! -e /tmp/stop ]; do echo n$i; i=$((i+1)); case $i in *0) sleep 0.01;; esac; done;"
                                + " echo done $i; sleep 3600")
                .build();
        String id = kubelet().run(pod, config);
        Path log = Kubelet.logOf(pod, config);
        Kubelet.awaitLog(log, lines -> lines.size() >= 200);
        Path rotated = log.resolveSibling(log.getFileName() + ".20260101-000000"); // kubelet's rotation name
        Files.move(log, rotated);
        kubelet()
                .cri()
                .runtime()
                .reopenContainerLog(ReopenContainerLogRequest.newBuilder()
                        .setContainerId(id)
                        .build());
        Kubelet.awaitLog(log, lines -> lines.size() >= 200);
        kubelet().cri().execSync(id, Duration.ofSeconds(10), "touch", "/tmp/stop");
        List<CriLog.Line> after = Kubelet.awaitLog(
                log,
                lines -> !lines.isEmpty()
                        && lines.get(lines.size() - 1).message().startsWith("done "));
        List<String> numbers = new ArrayList<>(CriLog.messages(CriLog.read(rotated), CriLog.Stream.STDOUT));
        numbers.addAll(CriLog.messages(after, CriLog.Stream.STDOUT));
        int count = Integer.parseInt(numbers.remove(numbers.size() - 1).substring("done ".length()));
        assertThat(numbers)
                .containsExactlyElementsOf(
                        IntStream.range(0, count).mapToObj(i -> "n" + i).toList());
    }

    @Test
    default void execSync_outputAndExitCodes_timeoutKillsTheExec() throws Exception {
        CriClient cri = kubelet().cri();
        Kubelet.Pod pod = kubelet().runPod("ctr-it-exec");
        String id = kubelet()
                .run(
                        pod,
                        kubelet()
                                .container(pod, "main", images().busybox(), "sleep", "3600")
                                .build());

        ExecSyncResponse ok = cri.execSync(id, Duration.ofSeconds(10), "sh", "-c", "echo out; echo err >&2");
        assertThat(ok.getStdout().toStringUtf8()).isEqualTo("out\n");
        assertThat(ok.getStderr().toStringUtf8()).isEqualTo("err\n");
        assertThat(ok.getExitCode()).isZero();
        ExecSyncResponse three = cri.execSync(id, Duration.ofSeconds(10), "sh", "-c", "echo before; exit 3");
        assertThat(three.getStdout().toStringUtf8()).isEqualTo("before\n");
        assertThat(three.getExitCode()).isEqualTo(3);
        ExecSyncResponse env =
                cri.execSync(id, Duration.ofSeconds(10), "sh", "-c", "echo $CTR_IT_39 $KUBERNETES_SERVICE_HOST");
        assertThat(env.getStdout().toStringUtf8())
                .isEqualTo("value-39 10.96.0.1\n"); // an exec gets the container's env
        // an exec that cannot start is an error (containerd 1.6: UNKNOWN, "executable file not found in $PATH"),
        // never an exit code
        assertThatThrownBy(() -> cri.execSync(id, Duration.ofSeconds(10), "no-such-binary"))
                .isInstanceOf(StatusRuntimeException.class);

        assertThatThrownBy(() -> cri.execSync(id, Duration.ofSeconds(1), "sleep", "31"))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
        // the timed-out exec is killed: no "sleep 31" left among the container's processes
        Kubelet.await(
                "the timed-out exec 'sleep 31' is gone from " + id,
                () -> !cri.execSync(id, Duration.ofSeconds(10), "ps", "-o", "pid,args")
                        .getStdout()
                        .toStringUtf8()
                        .contains("sleep 31"));
        assertThat(cri.execSync(id, Duration.ofSeconds(10), "ps", "-o", "args")
                        .getStdout()
                        .toStringUtf8()
                        .lines()
                        .map(String::trim)
                        .toList())
                .containsExactly("COMMAND", "sleep 3600", "ps -o args");
    }
}

package dev.cortado.integration.containers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.api.cri.v1.ContainerConfig;
import dev.cortado.api.cri.v1.ContainerState;
import dev.cortado.api.cri.v1.ContainerStatus;
import dev.cortado.integration.cri.CriLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Cortado only (containerd's restart is not under test): the daemon killed with -9 and started
 * again on the same root and state finds its containers as they were, a running one still
 * running with its log continuing (and its stdin open), and one that exited while it was down with
 * its real exit code.
 */
interface DaemonRestartContract {
    CortadoRuntime cortado();

    Kubelet kubelet();

    TestImages images();

    @Test
    default void killedDaemon_containerReadingStdin_seesNoEof_andTakesTheNextAttachersInput() throws Exception {
        Kubelet.Pod pod = kubelet().runPod("ctr-it-stdin-survivor");
        String id = kubelet()
                .run(
                        pod,
                        kubelet()
                                .container(pod, "cat", images().busybox(), "cat")
                                .setStdin(true)
                                .build());

        cortado().kill(); // its end of the stdin fifo goes with it: the shim's own end keeps cat from EOF
        Thread.sleep(500);
        cortado().startDaemon();
        assertThat(kubelet().cri().containerStatus(id).getState()).isEqualTo(ContainerState.CONTAINER_RUNNING);
        StreamingContract.Channels session =
                AttachContract.attach(kubelet(), "v5.channel.k8s.io", id, true, true, false, false);
        AttachContract.send(session, "after restart\n");
        Kubelet.await(
                "cat echoes what came after the restart", () -> session.text(1).equals("after restart\n"));
        session.socket.abort();
    }

    @Test
    default void killedDaemon_runningContainerRunsOn_andItsLogContinues() throws Exception {
        Kubelet.Pod pod = kubelet().runPod("ctr-it-survivor");
        ContainerConfig config = kubelet()
                .container(
                        pod,
                        "counter",
                        images().busybox(),
                        "sh",
                        "-c",
                        "i=0; while true; do echo n$i; i=$((i+1)); sleep 0.1; done")
                .build();
        String id = kubelet().run(pod, config);
        Path log = Kubelet.logOf(pod, config);
        Kubelet.awaitLog(log, lines -> lines.size() >= 5);
        ContainerStatus before = kubelet().cri().containerStatus(id);

        cortado().kill();
        Thread.sleep(1000); // the container writes on while no daemon runs
        cortado().startDaemon();
        ContainerStatus after = kubelet().cri().containerStatus(id);
        assertThat(after.getState()).isEqualTo(ContainerState.CONTAINER_RUNNING);
        assertThat(after.getCreatedAt()).isEqualTo(before.getCreatedAt());
        assertThat(after.getStartedAt()).isEqualTo(before.getStartedAt());
        assertThat(after.getLogPath()).isEqualTo(before.getLogPath());
        int seenBefore = CriLog.read(log).size();
        List<CriLog.Line> lines = Kubelet.awaitLog(log, l -> l.size() >= seenBefore + 20);
        List<String> numbers = CriLog.messages(lines, CriLog.Stream.STDOUT);
        assertThat(numbers)
                .as("every number once, in order, across the restart")
                .containsExactlyElementsOf(IntStream.range(0, numbers.size())
                        .mapToObj(i -> "n" + i)
                        .toList());

        kubelet().cri().stopContainer(id, 0);
        assertThat(kubelet().cri().containerStatus(id).getExitCode()).isEqualTo(137);
    }

    @Test
    default void killedDaemon_containerExitsMeanwhile_reportsItsRealExitCode() throws Exception {
        Kubelet.Pod pod = kubelet().runPod("ctr-it-exit-while-down");
        ContainerConfig config = kubelet()
                .container(pod, "late", images().busybox(), "sh", "-c", "echo going; sleep 4; exit 7")
                .build();
        String id = kubelet().run(pod, config);
        Kubelet.awaitLog(Kubelet.logOf(pod, config), lines -> !lines.isEmpty());
        ContainerStatus running = kubelet().cri().containerStatus(id);
        assertThat(running.getState()).isEqualTo(ContainerState.CONTAINER_RUNNING);

        cortado().kill();
        Thread.sleep(Duration.ofSeconds(6).toMillis()); // the container's 4 s run ends while no daemon runs
        cortado().startDaemon();
        ContainerStatus exited =
                kubelet().cri().awaitState(id, ContainerState.CONTAINER_EXITED, ContainerLifecycleContract.EXIT);
        assertThat(exited.getExitCode()).isEqualTo(7);
        assertThat(exited.getReason()).isEqualTo("Error");
        assertThat(exited.getStartedAt()).isEqualTo(running.getStartedAt());
        assertThat(exited.getFinishedAt()).isGreaterThan(exited.getStartedAt());
        assertThat(CriLog.messages(CriLog.read(Kubelet.logOf(pod, config)), CriLog.Stream.STDOUT))
                .containsExactly("going");
    }
}

package dev.cortado.integration.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cortado.api.cri.v1.AttachRequest;
import dev.cortado.api.cri.v1.ContainerConfig;
import dev.cortado.api.cri.v1.ContainerState;
import dev.cortado.integration.containers.StreamingContract.Channels;
import dev.cortado.integration.cri.CriLog;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Attach through the CRI socket, its URL spoken to with the JDK's WebSocket client
 * ({@code v5.channel.k8s.io}, whose stdin close is what {@code stdin_once} needs; containerd
 * 1.6's streaming server speaks {@code v4.channel.k8s.io} at most, so against the reference the
 * stdin cases are skipped and the rest run over v4). The story: two
 * clients attach to a container writing lines and both see them while its log still gets every
 * one; a {@code cat} with {@code stdin_once} ends when its attacher's stdin does; without
 * {@code stdin_once} one attacher leaving keeps the stdin open for the next; a TTY attach resizes
 * the container's terminal; and the RPC refuses what kubelet's CRI server refuses.
 */
interface AttachContract {
    Kubelet kubelet();

    TestImages images();

    /** The WebSocket subprotocol of the runtime's streaming server; v5 has stdin close. */
    default String subprotocol() {
        return "v5.channel.k8s.io";
    }

    /**
     * The code of an Attach to a container that is not running: FAILED_PRECONDITION as the issue
     * asks; containerd 1.6 answers a plain error ({@code "container is in CONTAINER_EXITED state"}).
     */
    default Status.Code notRunningCode() {
        return Status.Code.FAILED_PRECONDITION;
    }

    private void assumeStdinClose() {
        assumeTrue(
                subprotocol().startsWith("v5."),
                "stdin close needs v5.channel.k8s.io, which the runtime's" + " streaming server does not speak ("
                        + subprotocol() + ")");
    }

    private Channels attach(String id, boolean stdin, boolean stdout, boolean stderr, boolean tty) throws Exception {
        return attach(kubelet(), subprotocol(), id, stdin, stdout, stderr, tty);
    }

    /** Asks for an Attach URL and connects to it over WebSocket with {@code subprotocol}. */
    static Channels attach(
            Kubelet kubelet, String subprotocol, String id, boolean stdin, boolean stdout, boolean stderr, boolean tty)
            throws Exception {
        String url = kubelet.cri()
                .runtime()
                .attach(AttachRequest.newBuilder()
                        .setContainerId(id)
                        .setStdin(stdin)
                        .setStdout(stdout)
                        .setStderr(stderr)
                        .setTty(tty)
                        .build())
                .getUrl();
        assertThat(url).startsWith("http://127.0.0.1:").contains("/attach/");
        Channels session = new Channels();
        session.socket = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .subprotocols(subprotocol)
                .buildAsync(URI.create(url.replace("http://", "ws://")), session)
                .get(20, TimeUnit.SECONDS);
        return session;
    }

    /** Sends {@code stdin} on the stdin channel. */
    static void send(Channels session, String stdin) throws Exception {
        byte[] text = stdin.getBytes(StandardCharsets.UTF_8);
        ByteBuffer frame =
                ByteBuffer.allocate(text.length + 1).put((byte) 0).put(text).flip();
        session.socket.sendBinary(frame, true).get(20, TimeUnit.SECONDS);
    }

    private static void closeStdin(Channels session) throws Exception {
        session.socket
                .sendBinary(ByteBuffer.wrap(new byte[] {(byte) 255, 0}), true)
                .get(20, TimeUnit.SECONDS);
    }

    @Test
    default void attach_twoClientsSeeTheLinesAsTheyAreWritten_andTheLogStillGetsEveryOne() throws Exception {
        Kubelet.Pod pod = kubelet().runPod("ctr-it-attach-lines");
        ContainerConfig config = kubelet()
                .container(
                        pod,
                        "talker",
                        images().busybox(),
                        "sh",
                        "-c",
                        "i=0; while [ ! -e /tmp/stop ]; do echo line$i; i=$((i+1)); sleep 0.05; done; echo bye >&2")
                .build();
        String id = kubelet().run(pod, config);
        Channels first = attach(id, false, true, true, false);
        Channels second = attach(id, false, true, true, false);
        Kubelet.await(
                "both attachers see lines",
                () -> first.text(1).contains("\n") && second.text(1).contains("\n"));

        kubelet().cri().execSync(id, Duration.ofSeconds(10), "touch", "/tmp/stop");
        assertThat(first.closed.get(30, TimeUnit.SECONDS))
                .as("the container ended: so does the attach")
                .isEqualTo(1000);
        assertThat(second.closed.get(30, TimeUnit.SECONDS)).isEqualTo(1000);
        List<String> logged = CriLog.messages(CriLog.read(Kubelet.logOf(pod, config)), CriLog.Stream.STDOUT);
        for (Channels session : List.of(first, second)) {
            List<String> seen = List.of(session.text(1).split("\n"));
            assertThat(seen)
                    .as("what an attacher saw: the log's lines from when it came, none lost")
                    .isNotEmpty()
                    .isEqualTo(logged.subList(logged.indexOf(seen.get(0)), logged.size()));
            assertThat(session.text(2)).isEqualTo("bye\n");
            assertThat(session.text(3)).contains("Success");
        }
        assertThat(logged.get(0)).isEqualTo("line0");
        assertThat(CriLog.messages(CriLog.read(Kubelet.logOf(pod, config)), CriLog.Stream.STDERR))
                .containsExactly("bye");
    }

    @Test
    default void attach_stdinOnce_catEndsWhenTheAttachersStdinDoes() throws Exception {
        assumeStdinClose();
        Kubelet.Pod pod = kubelet().runPod("ctr-it-attach-once");
        ContainerConfig config = kubelet()
                .container(pod, "cat", images().busybox(), "cat")
                .setStdin(true)
                .setStdinOnce(true)
                .build();
        String id = kubelet().run(pod, config);
        Channels session = attach(id, true, true, true, false);
        send(session, "hello\n");
        Kubelet.await("cat echoes", () -> session.text(1).equals("hello\n"));
        closeStdin(session);
        assertThat(session.closed.get(30, TimeUnit.SECONDS)).isEqualTo(1000);
        kubelet().cri().awaitState(id, ContainerState.CONTAINER_EXITED, ContainerLifecycleContract.EXIT);
        assertThat(kubelet().cri().containerStatus(id).getExitCode())
                .as("cat saw EOF and ended well")
                .isZero();
        assertThat(CriLog.messages(CriLog.read(Kubelet.logOf(pod, config)), CriLog.Stream.STDOUT))
                .containsExactly("hello");
    }

    @Test
    default void attach_withoutStdinOnce_anAttacherLeaving_keepsTheStdinOpenForTheNext() throws Exception {
        assumeStdinClose();
        Kubelet.Pod pod = kubelet().runPod("ctr-it-attach-stdin");
        String id = kubelet()
                .run(
                        pod,
                        kubelet()
                                .container(pod, "cat", images().busybox(), "cat")
                                .setStdin(true)
                                .build());
        Channels first = attach(id, true, true, true, false);
        send(first, "one\n");
        Kubelet.await("cat echoes to the first", () -> first.text(1).equals("one\n"));
        closeStdin(first);
        assertThat(first.closed.get(30, TimeUnit.SECONDS))
                .as("stdin EOF detaches")
                .isEqualTo(1000);

        Channels second = attach(id, true, true, false, false);
        send(second, "two\n");
        Kubelet.await(
                "cat, still running, echoes to the second", () -> second.text(1).equals("two\n"));
        assertThat(kubelet().cri().containerStatus(id).getState()).isEqualTo(ContainerState.CONTAINER_RUNNING);
        second.socket.abort();
    }

    @Test
    default void attach_withTty_resizeReachesTheContainersTerminal_andLeavingKeepsItRunning() throws Exception {
        Kubelet.Pod pod = kubelet().runPod("ctr-it-attach-tty");
        String id = kubelet()
                .run(
                        pod,
                        kubelet()
                                .container(
                                        pod,
                                        "shell",
                                        images().busybox(),
                                        "sh",
                                        "-c",
                                        "while read x; do busybox stty size; done")
                                .setStdin(true)
                                .setTty(true)
                                .build());
        Channels session = attach(id, true, true, false, true);
        session.socket
                .sendBinary(ByteBuffer.wrap("\4{\"Width\":91,\"Height\":37}".getBytes(StandardCharsets.US_ASCII)), true)
                .get(20, TimeUnit.SECONDS);
        Kubelet.await("the resize applied before the shell reads", () -> {
            try {
                send(session, "go\n");
                Thread.sleep(200);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return session.text(1).contains("37 91\r\n");
        });
        assertThat(session.text(1)).as("a terminal: input echoed, CRLF").contains("go\r\n");
        assertThat(session.text(2)).isEmpty();

        session.socket.abort();
        Thread.sleep(500);
        assertThat(kubelet().cri().containerStatus(id).getState()).isEqualTo(ContainerState.CONTAINER_RUNNING);
        Channels again = attach(id, true, true, false, true);
        send(again, "\n");
        Kubelet.await(
                "a second attach gets the same terminal", () -> again.text(1).contains("37 91\r\n"));
        again.socket.abort();
    }

    @Test
    default void attach_refusesWhatKubeletsServerRefuses() throws Exception {
        Kubelet.Pod pod = kubelet().runPod("ctr-it-attach-refused");
        String running = kubelet()
                .run(
                        pod,
                        kubelet()
                                .container(pod, "main", images().busybox(), "sleep", "3600")
                                .build());
        String done = kubelet()
                .run(
                        pod,
                        kubelet()
                                .container(pod, "done", images().busybox(), "true")
                                .build());
        kubelet().cri().awaitState(done, ContainerState.CONTAINER_EXITED, ContainerLifecycleContract.EXIT);

        assertCode(
                Status.Code.NOT_FOUND,
                AttachRequest.newBuilder().setContainerId("nosuchcontainer").setStdout(true));
        assertCode(
                notRunningCode(),
                AttachRequest.newBuilder().setContainerId(done).setStdout(true));
        assertCode(Status.Code.INVALID_ARGUMENT, AttachRequest.newBuilder().setContainerId(running));
        assertCode(
                Status.Code.INVALID_ARGUMENT,
                AttachRequest.newBuilder()
                        .setContainerId(running)
                        .setStdout(true)
                        .setStderr(true)
                        .setTty(true));
    }

    private void assertCode(Status.Code code, AttachRequest.Builder request) {
        assertThatThrownBy(() -> kubelet().cri().runtime().attach(request.build()))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(code));
    }
}

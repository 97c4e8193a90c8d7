package dev.cortado.shim.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cortado.shim.linux.LibcSyscalls;
import dev.cortado.shim.linux.LinuxSyscalls;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared event loop on real pipes, fifos, sockets and inotify (no root needed). */
class IoLoopTest {
    @TempDir
    Path tmp;

    private final LinuxSyscalls sys = new LibcSyscalls();
    private final IoLoop loop = IoLoop.start(sys);
    private final List<Integer> fds = new ArrayList<>();

    @AfterEach
    void tearDown() {
        loop.close();
        fds.forEach(sys::close);
    }

    private int[] pipe() {
        int[] p = sys.pipe();
        fds.add(p[0]);
        fds.add(p[1]);
        return p;
    }

    private Path fifo(String name) {
        Path f = tmp.resolve(name);
        sys.mkfifo(f.toString(), 0600);
        return f;
    }

    @Test
    void outputPump_copiesEveryByteIntoAFifo_waitingForASlowReader_untilEndOfFile() throws Exception {
        int[] pipe = pipe();
        Path out = fifo("out");
        int target = FdPump.openFifoTarget(loop, out.toString());
        fds.add(target);
        FdPump pump = FdPump.start(loop, "t-stdout", pipe[0], target, FdPump.Target.NON_BLOCKING);
        byte[] data = new byte[300 * 1024]; // more than the pipe and the fifo hold together
        new Random(1).nextBytes(data);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            sys.write(pipe[1], data);
            sys.close(pipe[1]);
        });
        Thread.sleep(300); // nobody reads yet: the pump waits instead of buffering it all
        assertThat(writer).isNotDone();

        byte[] got = new byte[data.length];
        try (InputStream in = new FileInputStream(out.toFile())) {
            int off = 0;
            while (off < got.length) {
                off += in.read(got, off, got.length - off);
            }
        }
        writer.get(5, TimeUnit.SECONDS);
        pump.done().get(5, TimeUnit.SECONDS);
        fds.remove(Integer.valueOf(pipe[1]));
        assertThat(Arrays.equals(got, data)).isTrue();
    }

    @Test
    void inputPump_waitsForTheFifosWriter_thenCopiesUntilItLeaves() throws Exception {
        int[] pipe = pipe();
        Path in = fifo("in");
        int source = FdPump.openFifoSource(loop, in.toString());
        fds.add(source);
        FdPump pump = FdPump.start(loop, "t-stdin", source, pipe[1], FdPump.Target.SHARED_PIPE);
        Thread.sleep(200);
        assertThat(pump.done()).as("no writer yet is not the end of stdin").isNotDone();

        try (FileOutputStream w = new FileOutputStream(in.toFile())) {
            w.write("hello\n".getBytes(StandardCharsets.US_ASCII));
        }
        pump.done().get(5, TimeUnit.SECONDS);
        byte[] buf = new byte[64];
        int n = sys.read(pipe[0], buf);
        assertThat(new String(buf, 0, n, StandardCharsets.US_ASCII)).isEqualTo("hello\n");
    }

    @Test
    void lineReply_completesWhenTheMonitorAnswers_withoutAThread() throws Exception {
        Path sock = tmp.resolve("control.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(sock));
            int fd = sys.connectUnix(sock.toString());
            CompletableFuture<String> reply = LineReply.await(loop, fd);
            try (SocketChannel c = server.accept()) {
                Thread.sleep(100);
                assertThat(reply).isNotDone();
                c.write(ByteBuffer.wrap("exited 3 ".getBytes(StandardCharsets.US_ASCII)));
                Thread.sleep(50);
                c.write(ByteBuffer.wrap("1700000000000000000\n".getBytes(StandardCharsets.US_ASCII)));
                assertThat(reply.get(5, TimeUnit.SECONDS)).isEqualTo("exited 3 1700000000000000000");
            }
        }
    }

    @Test
    void fileWatches_reportEachModification_untilClosed() throws Exception {
        Path file = Files.writeString(tmp.resolve("memory.events"), "oom_kill 0\n");
        AtomicInteger changes = new AtomicInteger();
        FileWatches watches = new FileWatches(loop);
        AutoCloseable w = watches.watch(file.toString(), changes::incrementAndGet);
        Files.writeString(file, "oom_kill 1\n");
        await().atMost(Duration.ofSeconds(5)).until(() -> changes.get() >= 1);
        w.close();
        int seen = changes.get();
        Files.writeString(file, "oom_kill 2\n");
        Thread.sleep(200);
        assertThat(changes.get()).isEqualTo(seen);
    }

    @Test
    void fiftyStreams_addNoThread() throws Exception {
        int[] first = pipe();
        int[] firstOut = pipe();
        FdPump.start(loop, "warm", first[0], firstOut[1], FdPump.Target.SHARED_PIPE);
        int before = ManagementFactory.getThreadMXBean().getThreadCount();
        List<FdPump> pumps = new ArrayList<>();
        List<int[]> outs = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            int[] p = pipe();
            Path out = fifo("o" + i);
            int target = FdPump.openFifoTarget(loop, out.toString());
            fds.add(target);
            pumps.add(FdPump.start(loop, "s" + i, p[0], target, FdPump.Target.NON_BLOCKING));
            outs.add(p);
        }
        for (int[] p : outs) {
            sys.write(p[1], "x".getBytes(StandardCharsets.US_ASCII));
            sys.close(p[1]);
            fds.remove(Integer.valueOf(p[1]));
        }
        for (FdPump p : pumps) {
            p.done().get(5, TimeUnit.SECONDS);
        }
        assertThat(ManagementFactory.getThreadMXBean().getThreadCount()).isLessThanOrEqualTo(before);
    }

    @Test
    void aPumpStoppedAtItsEnd_stopsAgainWithoutTouchingItsFdNumbers_whichMayBelongToAnotherFileByThen()
            throws Exception {
        int[] source = sys.pipe();
        int[] target = sys.pipe();
        fds.add(target[0]);
        FdPump pump = FdPump.start(loop, "t-ended", source[0], target[1], FdPump.Target.SHARED_PIPE);
        sys.write(source[1], "x".getBytes(StandardCharsets.US_ASCII));
        sys.close(source[1]);
        pump.done().get(5, TimeUnit.SECONDS);
        // its owner closes both fds; the numbers go to regular files (the kernel takes the lowest free)
        sys.close(source[0]);
        sys.close(target[1]);
        List<FileInputStream> reused = List.of(
                new FileInputStream(Files.writeString(tmp.resolve("a"), "a").toFile()),
                new FileInputStream(Files.writeString(tmp.resolve("b"), "b").toFile()));
        try {
            CompletableFuture<Void> again = new CompletableFuture<>();
            loop.execute(() -> {
                try {
                    pump.stop(); // as LoopStdio.close does for every pump when the process goes
                    again.complete(null);
                } catch (RuntimeException e) {
                    again.completeExceptionally(e);
                }
            });
            again.get(5, TimeUnit.SECONDS); // epoll_ctl(DEL) on a regular file failed with EPERM before
        } finally {
            for (FileInputStream in : reused) {
                in.close();
            }
        }
    }
}

package dev.cortado.cri.streaming;

import dev.cortado.errors.CortadoException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link StreamingRuntime} over the host: exec runs the command as a local process (no
 * container), port forward connects to 127.0.0.1. Known containers: {@code running},
 * {@code stopped}; known pods: {@code pod}.
 */
final class FakeRuntime implements StreamingRuntime {
    final List<TerminalSize> resizes = new CopyOnWriteArrayList<>();
    final Set<Process> live = ConcurrentHashMap.newKeySet();

    @Override
    public void checkContainerRunning(String containerId) {
        if (containerId.equals("stopped")) {
            throw CortadoException.failedPrecondition("container %s is not running (state EXITED)", containerId);
        }
        if (!containerId.equals("running")) {
            throw CortadoException.notFound("container %s not found", containerId);
        }
    }

    @Override
    public void checkSandboxReady(String sandboxId) {
        if (!sandboxId.equals("pod")) {
            throw CortadoException.notFound("pod sandbox %s not found", sandboxId);
        }
    }

    @Override
    public int exec(String containerId, List<String> cmd, ProcessStreams streams)
            throws IOException, InterruptedException {
        streams.onResize(resizes::add);
        Process p = new ProcessBuilder(cmd).start();
        live.add(p);
        streams.onCancel(p::destroyForcibly);
        try {
            Thread in = pump(streams.stdin().orElse(InputStream.nullInputStream()), p.getOutputStream(), true);
            Thread out = pump(p.getInputStream(), streams.stdout().orElse(OutputStream.nullOutputStream()), false);
            Thread err = pump(p.getErrorStream(), streams.stderr().orElse(OutputStream.nullOutputStream()), false);
            int code = p.waitFor();
            out.join();
            err.join();
            in.interrupt();
            return code;
        } finally {
            p.destroyForcibly();
            p.getOutputStream().close();
            p.getInputStream().close();
            p.getErrorStream().close();
            live.remove(p);
        }
    }

    @Override
    public void attach(String containerId, ProcessStreams streams) throws IOException, InterruptedException {
        exec(containerId, List.of("sh", "-c", "echo attached; cat"), streams);
    }

    @Override
    @SuppressWarnings("try") // the resource is held open for the body (or closed early on purpose)
    public void portForward(String sandboxId, int port, PortStreams streams) throws IOException, InterruptedException {
        try (Socket target = new Socket("127.0.0.1", port)) {
            streams.onCancel(() -> {
                try {
                    target.close();
                } catch (IOException ignored) {
                    // best effort
                }
            });
            Thread up = new Thread(() -> {
                try {
                    streams.fromClient().transferTo(target.getOutputStream());
                    target.shutdownOutput();
                } catch (IOException ignored) {
                    // the client or target went away
                }
            });
            up.start();
            target.getInputStream().transferTo(streams.toClient());
            streams.toClient().close();
            up.join();
        }
    }

    private static Thread pump(InputStream from, OutputStream to, boolean closeTo) {
        Thread t = new Thread(() -> {
            try (from) {
                byte[] buf = new byte[8192];
                for (int n; (n = from.read(buf)) >= 0; ) {
                    to.write(buf, 0, n);
                    to.flush();
                }
            } catch (IOException ignored) {
                // the process or the client went away
            } finally {
                if (closeTo) {
                    try {
                        to.close();
                    } catch (IOException ignored) {
                        // already gone
                    }
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }
}

package dev.cortado.cri.streaming;

import dev.cortado.errors.CortadoException;
import java.util.List;

/** What a streaming URL was issued for; the server keeps it under a single-use token. */
public sealed interface StreamRequest permits StreamRequest.Exec, StreamRequest.Attach, StreamRequest.PortForward {
    /** The URL path segment: {@code exec}, {@code attach} or {@code portforward}. */
    String kind();

    /** Runs {@code cmd} in a running container. */
    record Exec(String containerId, List<String> cmd, StreamOptions options) implements StreamRequest {
        public Exec {
            requireId(containerId, "container id");
            cmd = List.copyOf(cmd);
            if (cmd.isEmpty()) {
                throw CortadoException.invalidArgument("exec in container %s: cmd is empty", containerId);
            }
        }

        @Override
        public String kind() {
            return "exec";
        }
    }

    /** Attaches to a running container's stdio. */
    record Attach(String containerId, StreamOptions options) implements StreamRequest {
        public Attach {
            requireId(containerId, "container id");
        }

        @Override
        public String kind() {
            return "attach";
        }
    }

    /**
     * Forwards connections to ports in a pod's network namespace. SPDY clients name the port per
     * stream (any port, as kubelet allows); WebSocket clients get these ports unless the URL's
     * {@code port} query names others.
     */
    record PortForward(String sandboxId, List<Integer> ports) implements StreamRequest {
        public PortForward {
            requireId(sandboxId, "pod sandbox id");
            ports = List.copyOf(ports);
            for (int port : ports) {
                if (port < 1 || port > 65535) {
                    throw CortadoException.invalidArgument(
                            "port forward to pod %s: port %d out of range 1-65535", sandboxId, port);
                }
            }
        }

        @Override
        public String kind() {
            return "portforward";
        }
    }

    private static void requireId(String id, String what) {
        if (id == null || id.isBlank()) {
            throw CortadoException.invalidArgument("%s is empty", what);
        }
    }
}

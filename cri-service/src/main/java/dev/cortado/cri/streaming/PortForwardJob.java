package dev.cortado.cri.streaming;

import dev.cortado.errors.CortadoException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * One forwarded connection, transport-neutral: runs {@link StreamingRuntime#portForward} on a worker
 * thread, then ends the data stream; a failure goes to the error stream as kubelet writes it
 * ({@code {"closeConnection":true,"message":"error forwarding port ..."}} for SPDY, the plain
 * message for WebSocket).
 */
final class PortForwardJob implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(PortForwardJob.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final StreamingRuntime runtime;
    private final String sandboxId;
    private final int port;
    private final InboundPipe in;
    private final OutboundPipe out;
    private final OutboundPipe error;
    private final Cancellation cancellation;
    private final boolean jsonError;
    private final Runnable onDone;

    PortForwardJob(
            StreamingRuntime runtime,
            String sandboxId,
            int port,
            InboundPipe in,
            OutboundPipe out,
            OutboundPipe error,
            Cancellation cancellation,
            boolean jsonError,
            Runnable onDone) {
        this.runtime = runtime;
        this.sandboxId = sandboxId;
        this.port = port;
        this.in = in;
        this.out = out;
        this.error = error;
        this.cancellation = cancellation;
        this.jsonError = jsonError;
        this.onDone = onDone;
    }

    @Override
    public void run() {
        String failure = null;
        try {
            runtime.portForward(sandboxId, port, new PortStreams(in, out, cancellation));
        } catch (IOException | CortadoException e) {
            failure = e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("streaming: port forward to pod {} port {} failed unexpectedly", sandboxId, port, e);
            failure = e.toString();
        }
        in.close();
        out.close();
        if (failure != null && !cancellation.isCancelled()) {
            writeError("error forwarding port " + port + " to pod " + sandboxId + ", uid : " + failure);
        }
        error.close();
        onDone.run();
    }

    private void writeError(String message) {
        byte[] bytes;
        if (jsonError) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("closeConnection", true);
            body.put("message", message);
            bytes = (JSON.writeValueAsString(body) + "\n").getBytes(StandardCharsets.UTF_8);
        } else {
            bytes = message.getBytes(StandardCharsets.UTF_8);
        }
        try {
            error.write(bytes);
        } catch (IOException e) {
            LOG.debug("streaming: could not report a port forward error: {}", e.getMessage());
        }
    }
}

package dev.cortado.cri.streaming;

import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Port forward over WebSocket, as kubelet's {@code portforward/websocket.go}: for the i-th port,
 * channel 2i carries data both ways and 2i+1 errors; each starts with the port as two bytes, little
 * endian. One connection per port; the session ends when all are done.
 */
final class WebSocketPortForward implements WebSocketSession {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketPortForward.class);

    private final SessionContext context;
    private final String sandboxId;
    private final List<Integer> ports;
    private final WebSocketChannels channels;
    private final Cancellation cancellation;
    private final List<InboundPipe> inputs = new ArrayList<>();
    private final AtomicInteger running = new AtomicInteger();

    WebSocketPortForward(SessionContext context, String sandboxId, List<Integer> ports, WebSocketChannels channels) {
        this.context = context;
        this.cancellation = context.newCancellation();
        this.sandboxId = sandboxId;
        this.ports = List.copyOf(ports);
        this.channels = channels;
        ReadGate gate = new ReadGate(channels.channel());
        for (int i = 0; i < ports.size(); i++) {
            inputs.add(new InboundPipe(gate));
        }
    }

    @Override
    public WebSocketChannels channels() {
        return channels;
    }

    @Override
    public void start() {
        running.set(ports.size());
        for (int i = 0; i < ports.size(); i++) {
            int port = ports.get(i);
            byte[] portBytes = {(byte) port, (byte) (port >> 8)};
            channels.write(2 * i, Unpooled.wrappedBuffer(portBytes));
            channels.write(2 * i + 1, Unpooled.wrappedBuffer(portBytes.clone()));
            // no half-close on a v4 WebSocket: once the target is done sending, the client's side
            // ends too, so the forward (and with the last one the session) finishes
            InboundPipe input = inputs.get(i);
            PortForwardJob job = new PortForwardJob(
                    context.runtime(),
                    sandboxId,
                    port,
                    input,
                    channels.out(2 * i, input::end),
                    channels.out(2 * i + 1),
                    cancellation,
                    false,
                    this::oneDone);
            try {
                context.workers().execute(job);
            } catch (RejectedExecutionException e) {
                LOG.warn("streaming: no worker for a port forward: {}", e.getMessage());
                oneDone();
            }
        }
    }

    private void oneDone() {
        if (running.decrementAndGet() == 0) {
            channels.close();
        }
    }

    @Override
    public void message(WebSocketChannels.Message message) {
        int ch = message.channel();
        if (ch % 2 == 0 && ch / 2 < inputs.size()) {
            inputs.get(ch / 2).data(message.data());
        } else {
            message.data().release();
        }
    }

    @Override
    public void closed() {
        inputs.forEach(in -> in.abort("connection closed"));
        cancellation.cancel();
    }
}

package dev.cortado.cri.streaming;

import io.netty.channel.Channel;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Port forward over SPDY ({@code portforward.k8s.io}), as kubelet's {@code portforward/httpstream.go}:
 * every forwarded connection is a {@code data} and an {@code error} stream carrying the same
 * {@code port} and {@code requestID} headers; the pair, once complete, becomes one
 * {@link PortForwardJob}. Streams without a valid port or type are refused. Old clients without
 * {@code requestID} are paired by stream id (error = id, data = id - 2), as kubelet does.
 */
final class SpdyPortForward implements SpdyConnection.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(SpdyPortForward.class);

    private final SessionContext context;
    private final String sandboxId;
    private final Channel channel;
    private final ReadGate gate;
    private final Cancellation all;
    private final Map<String, Pair> pairs = new HashMap<>();

    private static final class Pair {
        SpdyStream data;
        SpdyStream error;
    }

    SpdyPortForward(SessionContext context, String sandboxId, Channel channel) {
        this.context = context;
        this.all = context.newCancellation();
        this.sandboxId = sandboxId;
        this.channel = channel;
        this.gate = new ReadGate(channel);
    }

    @Override
    public boolean opened(SpdyStream stream) {
        int port = parsePort(stream.header("port"));
        String type = stream.header("streamType");
        if (port < 1 || !(type.equals("data") || type.equals("error"))) {
            LOG.debug(
                    "streaming: refusing port forward stream with port '{}' and type '{}'",
                    stream.header("port"),
                    type);
            return false;
        }
        String requestId = stream.header("requestID");
        if (requestId.isEmpty()) {
            requestId = Integer.toString(type.equals("error") ? stream.id() : stream.id() - 2);
        }
        String key = requestId;
        Pair pair = pairs.get(key);
        if (pair == null) {
            pair = new Pair();
            pairs.put(key, pair);
            channel.eventLoop()
                    .schedule(() -> expire(key), context.streamCreationTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        if (type.equals("data") ? pair.data != null : pair.error != null) {
            return false; // a second stream of one type for one request
        }
        if (type.equals("data")) {
            pair.data = stream;
        } else {
            pair.error = stream;
        }
        if (pair.data != null && pair.error != null) {
            pairs.remove(key);
            start(port, pair);
        }
        return true;
    }

    private void start(int port, Pair pair) {
        InboundPipe in = new InboundPipe(gate);
        pair.data.sink(in);
        Cancellation one = context.newCancellation();
        all.onCancel(one::cancel);
        pair.data.onReset(one::cancel);
        PortForwardJob job = new PortForwardJob(
                context.runtime(), sandboxId, port, in, pair.data.out(), pair.error.out(), one, true, () -> {});
        try {
            context.workers().execute(job);
        } catch (RejectedExecutionException e) {
            LOG.warn("streaming: no worker for a port forward: {}", e.getMessage());
            pair.data.out().close();
            pair.error.out().close();
        }
    }

    private void expire(String key) {
        Pair pair = pairs.remove(key);
        if (pair != null && pair.error != null) {
            try {
                pair.error
                        .out()
                        .write(("timed out waiting for streams of request " + key)
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } catch (java.io.IOException e) {
                LOG.debug("streaming: {}", e.getMessage());
            }
            pair.error.out().close();
        }
    }

    private static int parsePort(String value) {
        try {
            int port = Integer.parseInt(value);
            return port >= 1 && port <= 65535 ? port : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public void closed() {
        all.cancel();
    }
}

package dev.cortado.cri.streaming;

import io.netty.channel.Channel;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exec or attach over SPDY, as kubelet's {@code remotecommand/httpstream.go}: the client opens one
 * stream per stdio stream plus {@code error} (and {@code resize} for a TTY from v3 on), each named
 * by its {@code streamType} header; once all expected streams are there the command runs. A client
 * that does not open them within the stream creation timeout is disconnected.
 */
final class SpdyRemoteCommand implements SpdyConnection.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(SpdyRemoteCommand.class);

    private final SessionContext context;
    private final StreamRequest request;
    private final StreamOptions options;
    private final RemoteCommandProtocol protocol;
    private final SpdyConnection connection;
    private final ReadGate gate;
    private final Cancellation cancellation;
    private final ResizeEvents resizes = new ResizeEvents();
    private final ScheduledFuture<?> timeout;
    private InboundPipe stdin;
    private OutboundPipe stdout;
    private OutboundPipe stderr;
    private OutboundPipe error;
    private int received;
    private boolean started;

    SpdyRemoteCommand(
            SessionContext context,
            StreamRequest request,
            RemoteCommandProtocol protocol,
            SpdyConnection connection,
            Channel channel) {
        this.context = context;
        this.cancellation = context.newCancellation();
        this.request = request;
        this.options =
                request instanceof StreamRequest.Exec e ? e.options() : ((StreamRequest.Attach) request).options();
        this.protocol = protocol;
        this.connection = connection;
        this.gate = new ReadGate(channel);
        this.timeout = channel.eventLoop()
                .schedule(
                        () -> {
                            if (!started) {
                                LOG.debug("streaming: client did not open its streams in time");
                                channel.close();
                            }
                        },
                        context.streamCreationTimeout().toMillis(),
                        TimeUnit.MILLISECONDS);
    }

    private int expected() {
        int n = 1;
        n += options.stdin() ? 1 : 0;
        n += options.stdout() ? 1 : 0;
        n += options.stderr() ? 1 : 0;
        n += options.tty() && protocol.resize() ? 1 : 0;
        return n;
    }

    @Override
    public boolean opened(SpdyStream stream) {
        switch (stream.header("streamType")) {
            case "error" -> error = stream.out();
            case "stdin" -> {
                stdin = new InboundPipe(gate);
                stream.sink(stdin);
            }
            case "stdout" -> stdout = stream.out();
            case "stderr" -> stderr = stream.out();
            case "resize" -> stream.sink(new ResizeDecoder(resizes));
            default -> {
                LOG.debug("streaming: unexpected stream type '{}'", stream.header("streamType"));
                return true;
            }
        }
        if (++received == expected() && !started) {
            start();
        }
        return true;
    }

    private void start() {
        started = true;
        timeout.cancel(false);
        RemoteCommand.Streams streams = new RemoteCommand.Streams(
                options.stdin() ? stdin : null,
                options.stdout() ? stdout : null,
                options.stderr() ? stderr : null,
                error);
        RemoteCommand command = new RemoteCommand(
                context.runtime(), request, streams, cancellation, resizes, protocol.jsonStatus(), connection::finish);
        try {
            context.workers().execute(command);
        } catch (RejectedExecutionException e) {
            LOG.warn("streaming: no worker for a {} session: {}", request.kind(), e.getMessage());
            connection.finish();
        }
    }

    @Override
    public void closed() {
        timeout.cancel(false);
        cancellation.cancel();
    }
}

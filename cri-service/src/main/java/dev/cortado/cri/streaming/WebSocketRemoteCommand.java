package dev.cortado.cri.streaming;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exec or attach over WebSocket, as kubelet's {@code remotecommand/websocket.go}: channels 0 stdin,
 * 1 stdout, 2 stderr, 3 error (exit status), 4 resize; an empty message on the lowest writable
 * channel tells the client the session is up. With {@code v5.channel.k8s.io} the message
 * {@code [255, n]} closes channel n (stdin EOF).
 */
final class WebSocketRemoteCommand implements WebSocketSession {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketRemoteCommand.class);
    static final int STDIN = 0;
    static final int STDOUT = 1;
    static final int STDERR = 2;
    static final int ERROR = 3;
    static final int RESIZE = 4;
    static final int CLOSE = 255;

    private final SessionContext context;
    private final StreamRequest request;
    private final StreamOptions options;
    private final RemoteCommandProtocol protocol;
    private final WebSocketChannels channels;
    private final Cancellation cancellation;
    private final ResizeEvents resizes = new ResizeEvents();
    private final ResizeDecoder resizeDecoder = new ResizeDecoder(resizes);
    private final InboundPipe stdin;

    WebSocketRemoteCommand(
            SessionContext context, StreamRequest request, RemoteCommandProtocol protocol, WebSocketChannels channels) {
        this.context = context;
        this.cancellation = context.newCancellation();
        this.request = request;
        this.options =
                request instanceof StreamRequest.Exec e ? e.options() : ((StreamRequest.Attach) request).options();
        this.protocol = protocol;
        this.channels = channels;
        this.stdin = options.stdin() ? new InboundPipe(new ReadGate(channels.channel())) : null;
    }

    @Override
    public WebSocketChannels channels() {
        return channels;
    }

    @Override
    public void start() {
        int first = options.stdout() ? STDOUT : options.stderr() ? STDERR : ERROR;
        channels.write(first, Unpooled.EMPTY_BUFFER);
        RemoteCommand.Streams streams = new RemoteCommand.Streams(
                stdin,
                options.stdout() ? channels.out(STDOUT) : null,
                options.stderr() ? channels.out(STDERR) : null,
                channels.out(ERROR));
        RemoteCommand command = new RemoteCommand(
                context.runtime(), request, streams, cancellation, resizes, protocol.jsonStatus(), channels::close);
        try {
            context.workers().execute(command);
        } catch (RejectedExecutionException e) {
            LOG.warn("streaming: no worker for a {} session: {}", request.kind(), e.getMessage());
            channels.close();
        }
    }

    @Override
    public void message(WebSocketChannels.Message message) {
        ByteBuf data = message.data();
        switch (message.channel()) {
            case STDIN -> {
                if (stdin != null) {
                    stdin.data(data);
                } else {
                    data.release();
                }
            }
            case RESIZE -> resizeDecoder.data(data);
            case CLOSE -> {
                boolean closesStdin =
                        protocol == RemoteCommandProtocol.V5 && data.isReadable() && data.readUnsignedByte() == STDIN;
                data.release();
                if (closesStdin && stdin != null) {
                    stdin.end();
                }
            }
            default -> data.release();
        }
    }

    @Override
    public void closed() {
        if (stdin != null) {
            stdin.abort("connection closed");
        }
        cancellation.cancel();
    }
}

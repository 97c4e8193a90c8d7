package dev.cortado.ttrpc.server;

import static dev.cortado.ttrpc.EchoService.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.StringValue;
import com.google.rpc.Status;
import dev.cortado.api.ttrpc.Request;
import dev.cortado.api.ttrpc.Response;
import dev.cortado.ttrpc.EchoService;
import dev.cortado.ttrpc.RawPeer;
import dev.cortado.ttrpc.TtrpcMethod;
import dev.cortado.ttrpc.TtrpcTransport;
import dev.cortado.ttrpc.frame.Frame;
import dev.cortado.ttrpc.frame.FrameType;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server seen from the wire: hand-made frames in, exact frames out, including frames a
 * well-behaved client never sends (containerd/ttrpc server.go rules and messages).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ServerWireTest {
    private static final HexFormat HEX = HexFormat.of();

    @TempDir
    Path dir;

    private final EchoService echo = new EchoService();
    private TtrpcServer server;
    private RawPeer peer;

    @BeforeEach
    void start() {
        Path socket = dir.resolve("ttrpc.sock");
        server = TtrpcServer.builder(TtrpcTransport.unixSocket(socket))
                .service(echo.definition())
                .build()
                .start();
        peer = RawPeer.connect(socket);
    }

    @AfterEach
    void stop() {
        echo.release.countDown();
        peer.close();
        server.close();
    }

    @Test
    void unaryRequest_isAnsweredWithExactlyOneResponseFrame() {
        peer.write(request(1, 0, EchoService.ECHO, text("hi"), 0));
        // header: length 8, stream 1, type Response, no flags; Response{status{}, payload "hi"}
        assertThat(HEX.formatHex(peer.readRaw()))
                .isEqualTo("00000008" + "00000001" + "02" + "00" + "0a00" + "1204" + "0a026869");
    }

    @Test
    void evenStreamId_isInvalidArgumentOnThatStream() {
        peer.write(request(2, 0, EchoService.ECHO, text("hi"), 0));
        assertStatus(peer.read(), 2, 3, "StreamID must be odd for client initiated streams");
    }

    @Test
    void reusedOrDecreasingStreamId_isInvalidArgumentAndLaterIdsStillWork() {
        peer.write(request(3, 0, EchoService.ECHO, text("a"), 0));
        assertOk(peer.read(), 3, text("a"));
        peer.write(request(3, 0, EchoService.ECHO, text("b"), 0));
        assertStatus(peer.read(), 3, 3, "StreamID cannot be re-used and must increment");
        peer.write(request(1, 0, EchoService.ECHO, text("c"), 0));
        assertStatus(peer.read(), 1, 3, "StreamID cannot be re-used and must increment");
        peer.write(request(5, 0, EchoService.ECHO, text("d"), 0));
        assertOk(peer.read(), 5, text("d"));
    }

    @Test
    void dataForAStreamThatNeverExisted_isNoLongerActive() {
        peer.write(new Frame(7, FrameType.DATA, 0, text("x").toByteArray()));
        assertStatus(peer.read(), 7, 3, "StreamID is no longer active");
    }

    @Test
    void dataForAFinishedStream_isNoLongerActive() {
        peer.write(request(1, 0, EchoService.ECHO, text("a"), 0));
        assertOk(peer.read(), 1, text("a"));
        peer.write(Frame.empty(1, FrameType.DATA, Frame.FLAG_REMOTE_CLOSED | Frame.FLAG_NO_DATA));
        assertStatus(peer.read(), 1, 3, "StreamID is no longer active");
    }

    @Test
    void oversizeFrame_isAnsweredWithResourceExhaustedAndTheConnectionStaysUsable() {
        int length = (4 << 20) + 1;
        ByteBuffer oversize = ByteBuffer.allocate(Frame.HEADER_LENGTH + length);
        oversize.putInt(length).putInt(1).put((byte) 1).put((byte) 0).rewind();
        peer.writeBytes(oversize);
        assertStatus(peer.read(), 1, 8, "message length 4194305 exceed maximum message size of 4194304");
        peer.write(request(3, 0, EchoService.ECHO, text("after"), 0));
        assertOk(peer.read(), 3, text("after"));
    }

    @Test
    void timeoutNano_becomesADeadlineTheServerEnforces() {
        peer.write(request(1, 0, EchoService.WAIT_FOR_DEADLINE, text(""), TimeUnit.MILLISECONDS.toNanos(50)));
        assertStatus(peer.read(), 1, 4, "context deadline exceeded");
    }

    @Test
    void serverStreaming_sendsDataFramesAndEndsWithRemoteClosedNoData() {
        peer.write(request(1, Frame.FLAG_REMOTE_CLOSED, EchoService.SPLIT, text("a,b"), 0));
        assertThat(peer.read())
                .isEqualTo(new Frame(1, FrameType.DATA, 0, text("a").toByteArray()));
        assertThat(peer.read())
                .isEqualTo(new Frame(1, FrameType.DATA, 0, text("b").toByteArray()));
        assertThat(HEX.formatHex(peer.readRaw())).isEqualTo("00000000" + "00000001" + "03" + "05");
    }

    @Test
    void serverStreamingFailure_endsWithAResponseCarryingTheStatus() {
        peer.write(request(1, Frame.FLAG_REMOTE_CLOSED, EchoService.SPLIT, text("fail:NOT_FOUND"), 0));
        assertThat(peer.read())
                .isEqualTo(
                        new Frame(1, FrameType.DATA, 0, text("before failing").toByteArray()));
        assertStatus(peer.read(), 1, 5, "failed mid-stream");
    }

    @Test
    void clientStreaming_requestPayloadIsTheFirstMessageAndCloseEndsTheInput() {
        peer.write(request(1, Frame.FLAG_REMOTE_OPEN, EchoService.JOIN, text("p"), 0));
        peer.write(new Frame(1, FrameType.DATA, 0, text("x").toByteArray()));
        peer.write(new Frame(1, FrameType.DATA, 0, new byte[0]));
        peer.write(Frame.empty(1, FrameType.DATA, Frame.FLAG_REMOTE_CLOSED | Frame.FLAG_NO_DATA));
        assertOk(peer.read(), 1, text("3:p,x,"));
    }

    @Test
    void closeFrameCarryingData_isInvalidArgument() {
        peer.write(request(1, Frame.FLAG_REMOTE_OPEN, EchoService.JOIN, StringValue.getDefaultInstance(), 0));
        peer.write(
                new Frame(1, FrameType.DATA, Frame.FLAG_REMOTE_CLOSED, text("x").toByteArray()));
        assertStatus(peer.read(), 1, 3, "data close message cannot include data");
    }

    @Test
    void malformedRequest_isInvalidArgument() {
        peer.write(new Frame(1, FrameType.REQUEST, 0, new byte[] {(byte) 0xff, (byte) 0xff}));
        Frame answer = peer.read();
        assertThat(status(answer).getCode()).isEqualTo(3);
        assertThat(status(answer).getMessage()).startsWith("unmarshal request error");
    }

    @Test
    void unknownFrameType_isIgnored() {
        ByteBuffer unknown = ByteBuffer.allocate(Frame.HEADER_LENGTH);
        unknown.putInt(0).putInt(1).put((byte) 9).put((byte) 0).rewind();
        peer.writeBytes(unknown);
        peer.write(request(1, 0, EchoService.ECHO, text("next"), 0));
        assertOk(peer.read(), 1, text("next"));
    }

    private static Frame request(int id, int flags, TtrpcMethod<?, ?> method, StringValue payload, long timeoutNanos) {
        Request request = Request.newBuilder()
                .setService(method.service())
                .setMethod(method.name())
                .setPayload(payload.toByteString())
                .setTimeoutNano(timeoutNanos)
                .build();
        return new Frame(id, FrameType.REQUEST, flags, request.toByteArray());
    }

    private static Status status(Frame frame) {
        assertThat(frame.type()).isEqualTo(FrameType.RESPONSE);
        assertThat(frame.flags()).isZero();
        try {
            return Response.parseFrom(frame.payload()).getStatus();
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertStatus(Frame frame, int streamId, int code, String message) {
        assertThat(frame.streamId()).isEqualTo(streamId);
        assertThat(status(frame))
                .isEqualTo(Status.newBuilder().setCode(code).setMessage(message).build());
    }

    private static void assertOk(Frame frame, int streamId, StringValue expected) {
        assertThat(frame.streamId()).isEqualTo(streamId);
        assertThat(status(frame).getCode()).isZero();
        try {
            assertThat(Response.parseFrom(frame.payload()).getPayload())
                    .isEqualTo(ByteString.copyFrom(expected.toByteArray()));
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }
}

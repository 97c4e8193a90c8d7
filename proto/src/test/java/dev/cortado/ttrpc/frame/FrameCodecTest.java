package dev.cortado.ttrpc.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden bytes for the 10-byte header (containerd/ttrpc PROTOCOL.md "Message Frame"). */
class FrameCodecTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void requestFrame_isLengthStreamTypeFlagsBigEndian() {
        Frame frame = new Frame(1, FrameType.REQUEST, 0, "abc".getBytes(StandardCharsets.US_ASCII));
        assertThat(encode(frame)).isEqualTo("00000003" + "00000001" + "01" + "00" + "616263");
    }

    @Test
    void requestFrame_remoteOpenFlag() {
        Frame frame = Frame.empty(7, FrameType.REQUEST, Frame.FLAG_REMOTE_OPEN);
        assertThat(encode(frame)).isEqualTo("00000000" + "00000007" + "01" + "02");
    }

    @Test
    void responseFrame_hasTypeTwoAndNoFlags() {
        Frame frame = new Frame(3, FrameType.RESPONSE, 0, HEX.parseHex("0a00"));
        assertThat(encode(frame)).isEqualTo("00000002" + "00000003" + "02" + "00" + "0a00");
    }

    @Test
    void dataFrame_closeCarriesRemoteClosedAndNoData() {
        Frame frame = Frame.empty(5, FrameType.DATA, Frame.FLAG_REMOTE_CLOSED | Frame.FLAG_NO_DATA);
        assertThat(encode(frame)).isEqualTo("00000000" + "00000005" + "03" + "05");
    }

    @Test
    void dataFrame_streamIdAboveIntMaxIsUnsigned() {
        Frame frame = new Frame(0xfffffffd, FrameType.DATA, Frame.FLAG_REMOTE_CLOSED, new byte[] {0x2a});
        assertThat(encode(frame)).isEqualTo("00000001" + "fffffffd" + "03" + "01" + "2a");
        assertThat(decode(HEX.parseHex(encode(frame)))).containsExactly(frame);
    }

    @Test
    void decode_frameSplitIntoSingleBytes_yieldsOneFrame() {
        byte[] wire = HEX.parseHex("00000003" + "00000009" + "03" + "00" + "010203");
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder());
        for (byte b : wire) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        assertThat(drain(channel)).containsExactly(new Frame(9, FrameType.DATA, 0, new byte[] {1, 2, 3}));
    }

    @Test
    void decode_coalescedFrames_yieldsEachInOrder() {
        byte[] wire = HEX.parseHex("00000001" + "00000001" + "01" + "00" + "ff"
                + "00000000" + "00000001" + "03" + "05"
                + "00000000" + "00000003" + "03" + "00");
        assertThat(decode(wire))
                .containsExactly(
                        new Frame(1, FrameType.REQUEST, 0, new byte[] {(byte) 0xff}),
                        Frame.empty(1, FrameType.DATA, Frame.FLAG_REMOTE_CLOSED | Frame.FLAG_NO_DATA),
                        Frame.empty(3, FrameType.DATA, 0));
    }

    @Test
    void decode_payloadOfExactlyFourMebibytes_isAccepted() {
        ByteBuf wire = Unpooled.buffer();
        FrameEncoder.writeTo(new Frame(1, FrameType.DATA, 0, new byte[Frame.MAX_PAYLOAD]), wire);
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder());
        channel.writeInbound(wire);
        Frame frame = channel.readInbound();
        assertThat(frame.payload()).hasSize(4 << 20);
    }

    @Test
    void decode_oversizeFrame_isSkippedInPiecesAndReportedThenNextFrameDecodes() {
        int length = (4 << 20) + 1;
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder());
        channel.writeInbound(Unpooled.wrappedBuffer(HEX.parseHex("00400001" + "00000005" + "01" + "02")));
        byte[] chunk = new byte[1 << 20];
        for (int sent = 0; sent < length; sent += chunk.length) {
            channel.writeInbound(Unpooled.wrappedBuffer(chunk, 0, Math.min(chunk.length, length - sent)));
        }
        channel.writeInbound(Unpooled.wrappedBuffer(HEX.parseHex("00000000" + "00000007" + "03" + "04")));
        assertThat(drain(channel))
                .containsExactly(
                        new OversizedFrame(5, 1, 2, length), Frame.empty(7, FrameType.DATA, Frame.FLAG_NO_DATA));
    }

    @Test
    void decode_lengthWithReservedFirstByteSet_isOversize() {
        byte[] wire = HEX.parseHex("ff000000" + "00000001" + "01" + "00");
        assertThat(decode(wire)).containsExactly(new OversizedFrame(1, 1, 0, 0xff000000L));
    }

    @Test
    void decode_unknownType_isDroppedForForwardCompatibility() {
        byte[] wire =
                HEX.parseHex("00000001" + "00000001" + "09" + "00" + "00" + "00000000" + "00000003" + "02" + "00");
        assertThat(decode(wire)).containsExactly(Frame.empty(3, FrameType.RESPONSE, 0));
    }

    @Test
    void send_payloadOverFourMebibytes_isRefusedWithResourceExhausted() {
        assertThatThrownBy(() -> new Frame(1, FrameType.DATA, 0, new byte[(4 << 20) + 1]))
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.RESOURCE_EXHAUSTED))
                .hasMessage("message length 4194305 exceed maximum message size of 4194304");
    }

    @Test
    void encoderInPipeline_writesTheSameBytes() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameEncoder());
        channel.writeOutbound(Frame.empty(1, FrameType.REQUEST, Frame.FLAG_REMOTE_CLOSED));
        ByteBuf out = channel.readOutbound();
        assertThat(HEX.formatHex(bytes(out))).isEqualTo("00000000" + "00000001" + "01" + "01");
    }

    private static String encode(Frame frame) {
        ByteBuf out = Unpooled.buffer();
        FrameEncoder.writeTo(frame, out);
        return HEX.formatHex(bytes(out));
    }

    private static byte[] bytes(ByteBuf buf) {
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        buf.release();
        return bytes;
    }

    private static List<Object> decode(byte[] wire) {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder());
        channel.writeInbound(Unpooled.wrappedBuffer(wire));
        return drain(channel);
    }

    private static List<Object> drain(EmbeddedChannel channel) {
        List<Object> out = new ArrayList<>();
        for (Object msg = channel.readInbound(); msg != null; msg = channel.readInbound()) {
            out.add(msg);
        }
        return out;
    }
}

package dev.cortado.integration.jmh;

import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.cortado.api.ttrpc.KeyValue;
import dev.cortado.ttrpc.Envelopes;
import dev.cortado.ttrpc.MessageCodec;
import dev.cortado.ttrpc.frame.Frame;
import dev.cortado.ttrpc.frame.FrameDecoder;
import dev.cortado.ttrpc.frame.FrameEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One ttrpc message each way through the code both ends run: the client encodes the message,
 * wraps it in a {@code ttrpc.Request} ({@link Envelopes}) and the {@link FrameEncoder} writes the
 * frame; the server's {@link FrameDecoder} cuts it from the bytes, unwraps the Request and decodes
 * the message. The response does the same with a {@code ttrpc.Response}. Netty's embedded
 * channel stands in for the socket, with the pooled allocator the real pipeline uses.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TtrpcFramingBenchmark {
    static final String SERVICE = "containerd.task.v2.Task";
    static final String METHOD = "Create";

    /** Size of the message's content in bytes. */
    @Param({"100", "4096", "65536"})
    public int size;

    private final MessageCodec<BytesValue> codec = MessageCodec.protobuf(BytesValue.parser());
    private final List<KeyValue> metadata = List.of(
            KeyValue.newBuilder()
                    .setKey("containerd-namespace")
                    .setValue("k8s.io")
                    .build(),
            KeyValue.newBuilder()
                    .setKey("containerd-namespace-ttrpc")
                    .setValue("k8s.io")
                    .build());
    private EmbeddedChannel encoder;
    private EmbeddedChannel decoder;
    private int streamId = 1;
    BytesValue message;

    @Setup(Level.Trial)
    public void setUp() {
        byte[] content = new byte[size];
        new Random(size).nextBytes(content);
        message = BytesValue.of(ByteString.copyFrom(content));
        encoder = new EmbeddedChannel(new FrameEncoder());
        decoder = new EmbeddedChannel(new FrameDecoder());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        encoder.finishAndReleaseAll();
        decoder.finishAndReleaseAll();
    }

    /** Client to server: the Request frame of a unary call, and the message the handler gets. */
    @Benchmark
    public BytesValue request(Bytes bytes) throws InvalidProtocolBufferException {
        Frame sent = Envelopes.request(
                streamId, Frame.FLAG_REMOTE_CLOSED, SERVICE, METHOD, codec.encode(message), 5_000_000_000L, metadata);
        streamId += 2;
        Frame received = transfer(sent);
        bytes.add(size);
        return codec.decode(Envelopes.payload(Envelopes.parseRequest(received)));
    }

    /** Server to client: the OK Response frame, and the message the caller gets. */
    @Benchmark
    public BytesValue response(Bytes bytes) {
        Frame received = transfer(Envelopes.okResponse(streamId, codec.encode(message)));
        bytes.add(size);
        return codec.decode(Envelopes.responsePayload(received));
    }

    private Frame transfer(Frame frame) {
        encoder.writeOutbound(frame);
        ByteBuf wire = encoder.readOutbound();
        decoder.writeInbound(wire);
        return decoder.readInbound();
    }
}

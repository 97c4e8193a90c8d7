package dev.cortado.ttrpc;

import com.google.protobuf.Empty;
import com.google.protobuf.StringValue;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/** The service the contract tests call: one method per behaviour under test. */
public final class EchoService {
    public static final String NAME = "cortado.test.Echo";

    public static final TtrpcMethod<StringValue, StringValue> ECHO = unary("Echo");
    /** Fails with the kind named by the request text. */
    public static final TtrpcMethod<StringValue, StringValue> FAIL = unary("Fail");
    /** Throws an exception that is not ours. */
    public static final TtrpcMethod<StringValue, StringValue> CRASH = unary("Crash");
    /** Answers the metadata as {@code key=v1,v2;...} and whether a deadline was set. */
    public static final TtrpcMethod<StringValue, StringValue> METADATA = unary("Metadata");
    /** Waits until its call is over (deadline) and records that it saw the deadline. */
    public static final TtrpcMethod<StringValue, StringValue> WAIT_FOR_DEADLINE = unary("WaitForDeadline");
    /** Blocks until {@link #release} is counted down. */
    public static final TtrpcMethod<StringValue, StringValue> BLOCK = unary("Block");
    /** Answers a payload over 4 MiB. */
    public static final TtrpcMethod<StringValue, StringValue> HUGE = unary("Huge");

    public static final TtrpcMethod<StringValue, StringValue> JOIN =
            TtrpcMethod.of(NAME, "Join", MethodType.CLIENT_STREAMING, StringValue.parser(), StringValue.parser());
    public static final TtrpcMethod<StringValue, StringValue> SPLIT =
            TtrpcMethod.of(NAME, "Split", MethodType.SERVER_STREAMING, StringValue.parser(), StringValue.parser());
    public static final TtrpcMethod<Empty, StringValue> TICKS =
            TtrpcMethod.of(NAME, "Ticks", MethodType.SERVER_STREAMING, Empty.parser(), StringValue.parser());
    public static final TtrpcMethod<StringValue, StringValue> SHOUT =
            TtrpcMethod.of(NAME, "Shout", MethodType.BIDI_STREAMING, StringValue.parser(), StringValue.parser());
    /** A client stream whose handler never reads. */
    public static final TtrpcMethod<StringValue, StringValue> IGNORE =
            TtrpcMethod.of(NAME, "Ignore", MethodType.CLIENT_STREAMING, StringValue.parser(), StringValue.parser());

    public final CountDownLatch release = new CountDownLatch(1);
    public final CountDownLatch blocked = new CountDownLatch(1);
    public final CountDownLatch sawDeadline = new CountDownLatch(1);

    private static TtrpcMethod<StringValue, StringValue> unary(String name) {
        return TtrpcMethod.of(NAME, name, MethodType.UNARY, StringValue.parser(), StringValue.parser());
    }

    public static StringValue text(String value) {
        return StringValue.of(value);
    }

    public TtrpcService definition() {
        return TtrpcService.builder(NAME)
                .unary(ECHO, (ctx, req) -> req)
                .unary(FAIL, (ctx, req) -> {
                    throw new CortadoException(
                            ErrorKind.valueOf(req.getValue()), "failed on purpose: " + req.getValue());
                })
                .unary(CRASH, (ctx, req) -> {
                    throw new IllegalStateException("crashed on purpose");
                })
                .unary(
                        METADATA,
                        (ctx, req) -> text(ctx.metadata().asMap().entrySet().stream()
                                        .map(e -> e.getKey() + "=" + String.join(",", e.getValue()))
                                        .collect(Collectors.joining(";"))
                                + (ctx.deadline().isPresent() ? " deadline" : "")))
                .unary(WAIT_FOR_DEADLINE, (ctx, req) -> {
                    while (!ctx.isCancelled()) {
                        Thread.sleep(5);
                    }
                    if (ctx.deadline().isPresent()) {
                        sawDeadline.countDown();
                    }
                    ctx.checkActive();
                    return req;
                })
                .unary(BLOCK, (ctx, req) -> {
                    blocked.countDown();
                    release.await();
                    return req;
                })
                .unary(HUGE, (ctx, req) -> text("x".repeat(5 << 20)))
                .clientStreaming(JOIN, (ctx, in) -> {
                    List<String> parts = new ArrayList<>();
                    for (Optional<StringValue> m = in.receive(); m.isPresent(); m = in.receive()) {
                        parts.add(m.get().getValue());
                    }
                    return text(parts.size() + ":" + String.join(",", parts));
                })
                .serverStreaming(SPLIT, (ctx, req, out) -> {
                    String value = req.getValue();
                    if (value.startsWith("fail:")) {
                        out.send(text("before failing"));
                        throw new CortadoException(ErrorKind.valueOf(value.substring(5)), "failed mid-stream");
                    }
                    for (String part : value.isEmpty() ? new String[0] : value.split(",", -1)) {
                        out.send(text(part));
                    }
                })
                .serverStreaming(TICKS, (ctx, req, out) -> {
                    for (int i = 0; i < 3; i++) {
                        out.send(text("tick " + i));
                    }
                })
                .bidiStreaming(SHOUT, (ctx, in, out) -> {
                    for (Optional<StringValue> m = in.receive(); m.isPresent(); m = in.receive()) {
                        out.send(text(m.get().getValue().toUpperCase()));
                    }
                })
                .clientStreaming(IGNORE, (ctx, in) -> {
                    release.await();
                    return text("ignored");
                })
                .build();
    }
}

package dev.cortado.cri.streaming;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The resize stream: a sequence of JSON objects {@code {"Width":W,"Height":H}} (client-go's
 * {@code TerminalSize}, decoded by kubelet with a streaming {@code json.Decoder}). Objects may span
 * frames; one longer than {@value #MAX_OBJECT} bytes or malformed ends the stream's decoding.
 */
final class ResizeDecoder implements InboundSink {
    private static final Logger LOG = LoggerFactory.getLogger(ResizeDecoder.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    static final int MAX_OBJECT = 4096;

    private final ResizeEvents events;
    private final ByteArrayOutputStream object = new ByteArrayOutputStream();
    private int depth;
    private boolean inString;
    private boolean escaped;
    private boolean broken;

    ResizeDecoder(ResizeEvents events) {
        this.events = events;
    }

    @Override
    public void data(ByteBuf data) {
        try {
            while (data.isReadable() && !broken) {
                accept(data.readByte());
            }
        } finally {
            data.release();
        }
    }

    private void accept(byte b) {
        if (depth == 0 && b != '{') {
            return; // whitespace between objects
        }
        object.write(b);
        if (object.size() > MAX_OBJECT) {
            fail("resize object longer than " + MAX_OBJECT + " bytes");
            return;
        }
        if (inString) {
            if (escaped) {
                escaped = false;
            } else if (b == '\\') {
                escaped = true;
            } else if (b == '"') {
                inString = false;
            }
        } else if (b == '"') {
            inString = true;
        } else if (b == '{') {
            depth++;
        } else if (b == '}' && --depth == 0) {
            decode(object.toByteArray());
            object.reset();
        }
    }

    private void decode(byte[] json) {
        try {
            JsonNode node = JSON.readTree(json);
            events.resized(new TerminalSize(
                    node.path("Width").asInt(0), node.path("Height").asInt(0)));
        } catch (JacksonException | IllegalArgumentException e) {
            fail("malformed resize event: " + e.getMessage());
        }
    }

    private void fail(String why) {
        LOG.debug("streaming: {}; ignoring further resize events", why);
        broken = true;
        object.reset();
    }

    @Override
    public void end() {}

    @Override
    public void abort(String why) {}
}

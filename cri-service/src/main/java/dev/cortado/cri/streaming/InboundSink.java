package dev.cortado.cri.streaming;

import io.netty.buffer.ByteBuf;

/** Where one incoming stream's bytes go; called on the connection's event loop. */
interface InboundSink {
    /** Takes ownership of {@code data}. */
    void data(ByteBuf data);

    /** The client ended the stream (SPDY FIN, WebSocket v5 close). */
    void end();

    /** The stream or the connection broke. */
    void abort(String why);

    /** Drops everything: for streams nobody reads. */
    InboundSink DISCARD = new InboundSink() {
        @Override
        public void data(ByteBuf data) {
            data.release();
        }

        @Override
        public void end() {}

        @Override
        public void abort(String why) {}
    };
}

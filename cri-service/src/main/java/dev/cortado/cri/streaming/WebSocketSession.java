package dev.cortado.cri.streaming;

/** What a WebSocket streaming session does with messages; called on the event loop. */
interface WebSocketSession {
    /** The session's framing. */
    WebSocketChannels channels();

    /** The handshake is done. */
    void start();

    /** A message on {@code channel}; takes ownership of the message's data. */
    void message(WebSocketChannels.Message message);

    /** The client closed or the connection broke: cancel everything. */
    void closed();
}

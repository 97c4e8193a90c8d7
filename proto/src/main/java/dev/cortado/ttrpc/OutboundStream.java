package dev.cortado.ttrpc;

/** Messages sent on a stream, each as one Data frame. */
public interface OutboundStream<T> {
    /**
     * Sends one message. Throws {@link dev.cortado.errors.CortadoException}: RESOURCE_EXHAUSTED
     * for a message over 4 MiB (nothing is sent), or the call's error once it is over.
     */
    void send(T message);
}

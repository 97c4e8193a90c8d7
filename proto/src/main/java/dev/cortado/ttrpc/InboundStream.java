package dev.cortado.ttrpc;

import java.util.Optional;

/** Messages arriving on a stream, read one at a time by a blocking caller. */
public interface InboundStream<T> {
    /**
     * The next message, or empty once the peer closed its side. Blocks until one of the two;
     * throws {@link dev.cortado.errors.CortadoException} if the call failed or ended meanwhile.
     */
    Optional<T> receive();
}

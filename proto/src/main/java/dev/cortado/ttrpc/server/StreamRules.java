package dev.cortado.ttrpc.server;

import com.google.rpc.Status;
import dev.cortado.errors.ErrorKind;
import dev.cortado.ttrpc.TtrpcErrors;
import dev.cortado.ttrpc.frame.Frame;
import dev.cortado.ttrpc.frame.FrameType;
import java.util.Optional;

/**
 * ttrpc's rules for the stream ids a client uses on one connection (server.go {@code run}).
 *
 * <p>Client streams have odd ids; each Request must use an id greater than every earlier one,
 * so an id is never reused; Data must belong to a live stream. A violation is answered with
 * INVALID_ARGUMENT on the offending id, using ttrpc's exact words.
 */
final class StreamRules {
    static final String MUST_BE_ODD = "StreamID must be odd for client initiated streams";
    static final String MUST_INCREMENT = "StreamID cannot be re-used and must increment";
    static final String NO_LONGER_ACTIVE = "StreamID is no longer active";

    /** The highest Request id accepted so far, unsigned; 0 before the first. */
    private int lastStreamId;

    /** The violation of {@code frame}, if any; a Request that passes becomes the latest id. */
    Optional<Status> check(Frame frame, boolean streamLive) {
        int id = frame.streamId();
        if ((id & 1) == 0) {
            return invalid(MUST_BE_ODD);
        }
        if (frame.type() == FrameType.REQUEST) {
            if (Integer.compareUnsigned(id, lastStreamId) <= 0) {
                return invalid(MUST_INCREMENT);
            }
            lastStreamId = id;
        } else if (frame.type() == FrameType.DATA && !streamLive) {
            return invalid(NO_LONGER_ACTIVE);
        }
        return Optional.empty();
    }

    private static Optional<Status> invalid(String message) {
        return Optional.of(TtrpcErrors.status(ErrorKind.INVALID_ARGUMENT, message));
    }
}

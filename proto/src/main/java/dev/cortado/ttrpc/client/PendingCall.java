package dev.cortado.ttrpc.client;

import dev.cortado.errors.CortadoException;
import dev.cortado.ttrpc.frame.Frame;
import java.util.concurrent.Future;

/** A call waiting for frames from the server; the connection routes to it by stream id. */
interface PendingCall {
    /** A Response or Data frame for this call's stream, on the connection's event loop. */
    void onFrame(Frame frame);

    /** The call cannot complete normally: timeout, oversize answer, lost connection. */
    void fail(CortadoException error);

    /** The timer that fails this call at its deadline; to be cancelled when the call ends. */
    void deadlineTimer(Future<?> timer);
}

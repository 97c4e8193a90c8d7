package dev.cortado.cri.spec;

import dev.cortado.api.cri.v1.Signal;
import dev.cortado.errors.CortadoException;

/**
 * A container's stop signal: the CRI {@code stop_signal} (cri-api 1.33+), else the image's
 * {@code StopSignal}, else SIGTERM; named as the OCI image spec does ({@code SIGTERM}, {@code
 * SIGRTMIN+3}), which is what StopContainer kills with.
 */
final class StopSignals {
    private StopSignals() {}

    static String resolve(Signal cri, String image) {
        if (cri == Signal.UNRECOGNIZED) {
            throw CortadoException.invalidArgument("stop_signal is not a known signal");
        }
        if (cri != Signal.SIGNAL_RUNTIME_DEFAULT) {
            return name(cri);
        }
        return image.isEmpty() ? "SIGTERM" : image;
    }

    /** {@code SIGNAL_SIGRTMINPLUS3} -> {@code SIGRTMIN+3}; {@code SIGNAL_SIGRTMAXMINUS2} -> {@code SIGRTMAX-2}. */
    static String name(Signal s) {
        return s.name().substring("SIGNAL_".length()).replace("PLUS", "+").replace("MINUS", "-");
    }
}

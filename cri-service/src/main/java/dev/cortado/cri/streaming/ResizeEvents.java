package dev.cortado.cri.streaming;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** TTY sizes from the client, kept latest-first so a listener that comes late still gets the size. */
final class ResizeEvents {
    private final List<Consumer<TerminalSize>> listeners = new ArrayList<>();
    private TerminalSize last;

    void listen(Consumer<TerminalSize> listener) {
        TerminalSize now;
        synchronized (this) {
            listeners.add(listener);
            now = last;
        }
        if (now != null) {
            listener.accept(now);
        }
    }

    void resized(TerminalSize size) {
        List<Consumer<TerminalSize>> toCall;
        synchronized (this) {
            last = size;
            toCall = List.copyOf(listeners);
        }
        toCall.forEach(l -> l.accept(size));
    }
}

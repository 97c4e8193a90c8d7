package dev.cortado.cri.image;

import dev.cortado.errors.ErrorKind;
import java.util.Optional;

/**
 * Told about every image pull and every byte a pull downloads, so that the daemon can count them
 * (the metrics package implements it) without the image service knowing how. Calls come from the
 * pulling threads and must return at once, without throwing.
 */
public interface PullRecorder {
    /** Records nothing: the image service without metrics. */
    PullRecorder NONE = new PullRecorder() {
        @Override
        public Pull started() {
            return failure -> {};
        }

        @Override
        public void downloaded(long bytes) {
            // not counted
        }
    };

    /** A pull begins (after its request was accepted); the returned pull is told how it ended. */
    Pull started();

    /**
     * {@code bytes} more came from a registry into the content store (layers and configs; a blob
     * already stored, or fetched by a concurrent pull, is downloaded once and counted once).
     */
    void downloaded(long bytes);

    /** One pull in progress. */
    interface Pull {
        /** It ended: empty when it succeeded, else the kind of its error. */
        void finished(Optional<ErrorKind> failure);
    }
}

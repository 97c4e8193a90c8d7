package dev.cortado.cri.streaming;

/** A TTY size from the client's resize stream ({@code {"Width":80,"Height":24}}), in cells. */
public record TerminalSize(int width, int height) {
    public TerminalSize {
        if (width < 0 || width > 0xFFFF || height < 0 || height > 0xFFFF) {
            throw new IllegalArgumentException("terminal size out of range: " + width + "x" + height);
        }
    }
}

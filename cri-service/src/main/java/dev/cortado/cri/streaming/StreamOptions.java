package dev.cortado.cri.streaming;

import dev.cortado.errors.CortadoException;

/**
 * Which stdio streams an exec or attach session carries. Validated as kubelet's CRI server and
 * containerd do: at least one stream, and no stderr with a TTY (a TTY merges it into stdout).
 */
public record StreamOptions(boolean stdin, boolean stdout, boolean stderr, boolean tty) {
    public StreamOptions {
        if (!stdin && !stdout && !stderr) {
            throw CortadoException.invalidArgument("one of stdin, stdout or stderr must be requested");
        }
        if (tty && stderr) {
            throw CortadoException.invalidArgument("tty and stderr cannot both be requested");
        }
    }
}

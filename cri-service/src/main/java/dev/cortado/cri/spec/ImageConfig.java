package dev.cortado.cri.spec;

import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The parts of an image's OCI config ({@code config} in the image config JSON) that shape a
 * container's spec.
 *
 * @param entrypoint {@code Entrypoint}; a single empty string means "reset" (docker semantics)
 * @param cmd {@code Cmd}
 * @param env {@code Env} as {@code KEY=value}
 * @param workingDir {@code WorkingDir}, empty for none
 * @param user {@code User}: name, uid, {@code uid:gid}, {@code name:group}, or empty
 * @param volumes {@code Volumes}: container paths that get an anonymous volume
 * @param stopSignal {@code StopSignal}, e.g. {@code SIGQUIT}, empty for none
 */
public record ImageConfig(List<String> entrypoint, List<String> cmd, List<String> env, String workingDir, String user,
        SortedSet<String> volumes, String stopSignal) {
    /** An image that says nothing (what {@code FROM scratch} without a config gives). */
    public static final ImageConfig EMPTY = new ImageConfig(List.of(), List.of(), List.of(), "", "", new TreeSet<>(), "");

    public ImageConfig {
        entrypoint = List.copyOf(entrypoint);
        cmd = List.copyOf(cmd);
        env = List.copyOf(env);
        workingDir = Objects.requireNonNullElse(workingDir, "");
        user = Objects.requireNonNullElse(user, "");
        volumes = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(volumes));
        stopSignal = Objects.requireNonNullElse(stopSignal, "");
    }
}

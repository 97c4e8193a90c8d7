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
public record ImageConfig(
        List<String> entrypoint,
        List<String> cmd,
        List<String> env,
        String workingDir,
        String user,
        SortedSet<String> volumes,
        String stopSignal) {
    /** An image that says nothing (what {@code FROM scratch} without a config gives). */
    public static final ImageConfig EMPTY =
            new ImageConfig(List.of(), List.of(), List.of(), "", "", new TreeSet<>(), "");

    public ImageConfig {
        entrypoint = List.copyOf(entrypoint);
        cmd = List.copyOf(cmd);
        env = List.copyOf(env);
        workingDir = Objects.requireNonNullElse(workingDir, "");
        user = Objects.requireNonNullElse(user, "");
        volumes = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(volumes));
        stopSignal = Objects.requireNonNullElse(stopSignal, "");
    }

    /** A builder starting from {@link #EMPTY}. */
    public static Builder builder() {
        return EMPTY.toBuilder();
    }

    /** A builder starting from this record's values. */
    public Builder toBuilder() {
        return new Builder()
                .entrypoint(entrypoint)
                .cmd(cmd)
                .env(env)
                .workingDir(workingDir)
                .user(user)
                .volumes(volumes)
                .stopSignal(stopSignal);
    }

    /** Builds an {@link ImageConfig} by name instead of seven positional parts. */
    public static final class Builder {
        private List<String> entrypoint;
        private List<String> cmd;
        private List<String> env;
        private String workingDir;
        private String user;
        private SortedSet<String> volumes;
        private String stopSignal;

        private Builder() {}

        public Builder entrypoint(List<String> v) {
            entrypoint = v;
            return this;
        }

        public Builder cmd(List<String> v) {
            cmd = v;
            return this;
        }

        public Builder env(List<String> v) {
            env = v;
            return this;
        }

        public Builder workingDir(String v) {
            workingDir = v;
            return this;
        }

        public Builder user(String v) {
            user = v;
            return this;
        }

        public Builder volumes(SortedSet<String> v) {
            volumes = v;
            return this;
        }

        public Builder stopSignal(String v) {
            stopSignal = v;
            return this;
        }

        public ImageConfig build() {
            return new ImageConfig(entrypoint, cmd, env, workingDir, user, volumes, stopSignal);
        }
    }
}

package dev.cortado.shim.spec;

import java.util.List;

/**
 * An OCI runtime spec ({@code config.json}), reduced to what the launcher executes.
 *
 * @param process the container's process
 * @param root the root filesystem
 * @param hostname the hostname, when the spec asks for a new uts namespace
 * @param domainname the NIS domain name
 * @param mounts mounts in the order they are made
 * @param linux the Linux-specific part
 */
public record Spec(
        ProcessSpec process, Root root, String hostname, String domainname, List<Mount> mounts, LinuxSpec linux) {

    public Spec {
        mounts = mounts == null ? List.of() : List.copyOf(mounts);
        linux = linux == null ? LinuxSpec.empty() : linux;
    }

    /** This spec with another process (used for exec and by tests). */
    public Spec withProcess(ProcessSpec newProcess) {
        return new Spec(newProcess, root, hostname, domainname, mounts, linux);
    }

    /** This spec with other Linux settings. */
    public Spec withLinux(LinuxSpec newLinux) {
        return new Spec(process, root, hostname, domainname, mounts, newLinux);
    }

    /** This spec with other mounts. */
    public Spec withMounts(List<Mount> newMounts) {
        return new Spec(process, root, hostname, domainname, newMounts, linux);
    }

    /** The root filesystem: an absolute host path, or relative to the bundle. */
    public record Root(String path, boolean readonly) {}

    /** One mount: destination inside the container, fs type, source and options. */
    public record Mount(String destination, String type, String source, List<String> options) {
        public Mount {
            if (destination == null || !destination.startsWith("/")) {
                throw new IllegalArgumentException("mount destination must be absolute: " + destination);
            }
            type = type == null ? "" : type;
            source = source == null ? "" : source;
            options = options == null ? List.of() : List.copyOf(options);
        }
    }
}

package dev.cortado.cri.spec;

import java.util.List;
import java.util.Optional;

/**
 * What the spec builder needs to know about the host: device nodes, mount sources, LSMs and
 * seccomp, and profile files. The real implementation is {@code spec.host.LinuxHostFacts};
 * tests pass a fake, so the builder itself never touches the host.
 */
public interface HostFacts {
    /** A host device node: type c or b, numbers, permission bits and owner. */
    record HostDevice(String path, String type, long major, long minor, int fileMode, long uid, long gid) {}

    /** How the mount holding a host path propagates. */
    enum Propagation {
        SHARED,
        SLAVE,
        PRIVATE
    }

    /** The device node at {@code path} with symlinks resolved; empty when it is absent or not a device. */
    Optional<HostDevice> device(String path);

    /** Every device node under the host's {@code /dev} (privileged containers get them all). */
    List<HostDevice> allDevices();

    /**
     * The source to bind for a CRI mount's {@code host_path}: symlinks resolved; a missing path is
     * created as a directory (0755) first, as containerd does.
     */
    String mountSource(String hostPath);

    /** The propagation of the mount that holds {@code path}. */
    Propagation propagation(String path);

    /** Whether the kernel has AppArmor enabled. */
    boolean apparmorEnabled();

    /** Whether an AppArmor profile of this name is loaded. */
    boolean apparmorProfileLoaded(String name);

    /** Whether the kernel supports seccomp filters. */
    boolean seccompEnabled();

    /** Whether any CDI spec directory exists (so CDI device names could resolve). */
    boolean cdiSpecDirsPresent();

    /** Every capability this kernel knows ({@code CAP_*}), for privileged and {@code add: ALL}. */
    List<String> allCapabilities();

    /** A profile file's text; empty when absent; INVALID_ARGUMENT over {@code maxBytes}. */
    Optional<String> readFile(String path, long maxBytes);
}

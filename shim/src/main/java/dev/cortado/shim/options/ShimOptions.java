package dev.cortado.shim.options;

import dev.cortado.errors.CortadoException;
import java.util.Optional;

/**
 * The runtime options the shim honours, from either wire form (see {@link RuntimeOptions}).
 *
 * @param ioUid owner of the container's stdio pipes (runc's {@code IoUid}); 0 leaves them root's
 * @param ioGid group of the container's stdio pipes (runc's {@code IoGid})
 * @param shimCgroup cgroup v2 path a newly spawned shim server moves into; empty: stay
 * @param systemdCgroup the spec's {@code cgroupsPath} must be systemd's {@code slice:prefix:name}
 * @param noNewKeyring the container keeps the caller's session keyring instead of a new one of its own
 * @param protocol what {@code start} offers containerd when it can use it
 * @param unenforceableLimits what to do with limits the host cannot enforce; empty: the node's
 *     default ({@link ShimConfig}), which is {@link LimitPolicy#REFUSE} unless configured
 */
public record ShimOptions(
        int ioUid,
        int ioGid,
        String shimCgroup,
        boolean systemdCgroup,
        boolean noNewKeyring,
        Protocol protocol,
        Optional<LimitPolicy> unenforceableLimits) {
    /** No options: root-owned stdio, no shim cgroup, cgroupfs paths, a new keyring, ttrpc, the node's limit policy. */
    public static final ShimOptions DEFAULTS = new ShimOptions(0, 0, "", false, false, Protocol.TTRPC);

    /** Options that leave the limit policy to the node's default. */
    public ShimOptions(
            int ioUid, int ioGid, String shimCgroup, boolean systemdCgroup, boolean noNewKeyring, Protocol protocol) {
        this(ioUid, ioGid, shimCgroup, systemdCgroup, noNewKeyring, protocol, Optional.empty());
    }

    /** The Task API transports a socket can serve. */
    public enum Protocol {
        /** ttrpc, task v2 and v3 (what every containerd can use). */
        TTRPC,
        /** gRPC, task v3 (containerd 1.7 and later). */
        GRPC;

        /** The name containerd uses in the bootstrap reply. */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** Parses "ttrpc" or "grpc" (empty: ttrpc). */
        public static Protocol parse(String value) {
            return switch (value == null ? "" : value.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "", "ttrpc" -> TTRPC;
                case "grpc" -> GRPC;
                default ->
                    throw CortadoException.invalidArgument(
                            "runtime option Protocol: \"%s\" is neither \"ttrpc\" nor \"grpc\"", value);
            };
        }
    }

    /** Checks the values. */
    public ShimOptions {
        if (ioUid < 0 || ioGid < 0) {
            throw CortadoException.invalidArgument(
                    "runtime options IoUid/IoGid must not be negative: %d/%d", ioUid, ioGid);
        }
        shimCgroup = shimCgroup == null ? "" : shimCgroup;
        protocol = protocol == null ? Protocol.TTRPC : protocol;
        unenforceableLimits = unenforceableLimits == null ? Optional.empty() : unenforceableLimits;
    }

    /** Whether the stdio pipes get another owner than root. */
    public boolean hasIoOwner() {
        return ioUid != 0 || ioGid != 0;
    }
}

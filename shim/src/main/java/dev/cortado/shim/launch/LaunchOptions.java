package dev.cortado.shim.launch;

import dev.cortado.errors.CortadoException;
import dev.cortado.shim.options.LimitPolicy;
import java.util.Optional;

/**
 * Per-process choices that come from the runtime options rather than the OCI spec.
 *
 * @param stdioOwner who owns the container ends of the stdio pipes (containerd's io_uid/io_gid)
 * @param sessionKeyring the name of the session keyring the process joins, e.g. {@code
 *     _ses.<container id>} as runc names it (created by the container's first process, joined by
 *     its execs); empty keeps the monitor's, which is what containerd's {@code NoNewKeyring} asks
 * @param unenforceableLimits whether a create refuses limits the cgroup hierarchy cannot enforce,
 *     or leaves them out and reports them ({@link Launcher#launch})
 */
public record LaunchOptions(
        Optional<StdioOwner> stdioOwner, Optional<String> sessionKeyring, LimitPolicy unenforceableLimits) {
    /** Root-owned pipes, the inherited keyring, unenforceable limits refused. */
    public static final LaunchOptions DEFAULT = new LaunchOptions(Optional.empty(), Optional.empty());

    /** Options that refuse limits the hierarchy cannot enforce. */
    public LaunchOptions(Optional<StdioOwner> stdioOwner, Optional<String> sessionKeyring) {
        this(stdioOwner, sessionKeyring, LimitPolicy.REFUSE);
    }

    /** Plan key: {@code keyring NAME}. */
    static final String KEYRING_KEY = "keyring";

    /** Checks the keyring name. */
    public LaunchOptions {
        unenforceableLimits = unenforceableLimits == null ? LimitPolicy.REFUSE : unenforceableLimits;
        sessionKeyring.ifPresent(name -> {
            if (name.isEmpty() || name.length() > 255 || name.indexOf('\0') >= 0) {
                throw CortadoException.invalidArgument("bad session keyring name %s", name);
            }
        });
    }

    /** runc's keyring name for a container: {@code _ses.<id>}. */
    public static String keyringOf(String containerId) {
        return "_ses." + containerId;
    }

    PlanWriter writeTo(PlanWriter plan) {
        stdioOwner.ifPresent(o -> o.writeTo(plan));
        sessionKeyring.ifPresent(name -> plan.add(KEYRING_KEY, name));
        return plan;
    }
}

package dev.cortado.shim.task;

import dev.cortado.shim.launch.LaunchOptions;
import dev.cortado.shim.launch.StdioOwner;
import dev.cortado.shim.options.LimitPolicy;
import dev.cortado.shim.options.ShimOptions;
import java.util.Optional;

/**
 * What a task keeps of its runtime options, for its execs too and across a re-adoption
 * (persisted in its {@link TaskRecord}).
 *
 * @param ioUid owner of the stdio pipes (0 with ioGid 0: root, unchanged)
 * @param ioGid group of the stdio pipes
 * @param noNewKeyring the processes keep the monitor's session keyring
 * @param unenforceableLimits what Create and Update do with limits the host cannot enforce, as
 *     resolved at Create (the task's runtime options, else the node's {@code ShimConfig})
 */
public record TaskOptions(int ioUid, int ioGid, boolean noNewKeyring, LimitPolicy unenforceableLimits) {
    /** The defaults: root's pipes, a keyring of the container's own, unenforceable limits refused. */
    public static final TaskOptions DEFAULTS = new TaskOptions(0, 0, false);

    /** Options that refuse unenforceable limits. */
    public TaskOptions(int ioUid, int ioGid, boolean noNewKeyring) {
        this(ioUid, ioGid, noNewKeyring, LimitPolicy.REFUSE);
    }

    /** A record saved before the policy was kept refuses (what every server did then). */
    public TaskOptions {
        unenforceableLimits = unenforceableLimits == null ? LimitPolicy.REFUSE : unenforceableLimits;
    }

    /** The options of {@code o}, with {@code nodePolicy} where {@code o} leaves the limit policy open. */
    static TaskOptions of(ShimOptions o, java.util.function.Supplier<LimitPolicy> nodePolicy) {
        return new TaskOptions(
                o.ioUid(), o.ioGid(), o.noNewKeyring(), o.unenforceableLimits().orElseGet(nodePolicy));
    }

    /** The launch options of a process of the container {@code containerId}. */
    LaunchOptions launch(String containerId) {
        Optional<StdioOwner> owner =
                ioUid != 0 || ioGid != 0 ? Optional.of(new StdioOwner(ioUid, ioGid)) : Optional.empty();
        return new LaunchOptions(
                owner,
                noNewKeyring ? Optional.empty() : Optional.of(LaunchOptions.keyringOf(containerId)),
                unenforceableLimits);
    }
}

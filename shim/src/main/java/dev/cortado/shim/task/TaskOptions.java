package dev.cortado.shim.task;

import dev.cortado.shim.launch.LaunchOptions;
import dev.cortado.shim.launch.StdioOwner;
import dev.cortado.shim.options.ShimOptions;
import java.util.Optional;

/**
 * What a task keeps of its runtime options, for its execs too and across a re-adoption
 * (persisted in its {@link TaskRecord}).
 *
 * @param ioUid owner of the stdio pipes (0 with ioGid 0: root, unchanged)
 * @param ioGid group of the stdio pipes
 * @param noNewKeyring the processes keep the monitor's session keyring
 */
public record TaskOptions(int ioUid, int ioGid, boolean noNewKeyring) {
    /** The defaults: root's pipes, a keyring of the container's own. */
    public static final TaskOptions DEFAULTS = new TaskOptions(0, 0, false);

    static TaskOptions of(ShimOptions o) {
        return new TaskOptions(o.ioUid(), o.ioGid(), o.noNewKeyring());
    }

    /** The launch options of a process of the container {@code containerId}. */
    LaunchOptions launch(String containerId) {
        Optional<StdioOwner> owner = ioUid != 0 || ioGid != 0 ? Optional.of(new StdioOwner(ioUid, ioGid)) : Optional.empty();
        return new LaunchOptions(owner, noNewKeyring ? Optional.empty() : Optional.of(LaunchOptions.keyringOf(containerId)));
    }
}

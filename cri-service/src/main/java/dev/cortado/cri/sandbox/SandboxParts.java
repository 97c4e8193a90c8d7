package dev.cortado.cri.sandbox;

import dev.cortado.cri.network.PodNetwork;
import dev.cortado.cri.store.MetadataStore;
import java.time.Clock;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Everything the sandbox service works with, injected (house rule 9): tests pass fakes for the
 * syscalls, the init, cgroups, network and the boot id.
 *
 * @param handlers the configured runtime handlers; {@code defaultHandler} is one of them
 * @param bootId the current boot's id ({@code /proc/sys/kernel/random/boot_id})
 */
public record SandboxParts(
        MetadataStore store,
        NamespacePinner pinner,
        PodInit init,
        PodCgroups cgroups,
        PodNetwork network,
        PodFiles files,
        SandboxContainers containers,
        Clock clock,
        Supplier<String> bootId,
        String defaultHandler,
        Set<String> handlers) {
    public SandboxParts {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(pinner, "pinner");
        Objects.requireNonNull(init, "init");
        Objects.requireNonNull(cgroups, "cgroups");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(containers, "containers");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(bootId, "bootId");
        Objects.requireNonNull(defaultHandler, "defaultHandler");
        handlers = Set.copyOf(handlers);
        if (!handlers.contains(defaultHandler)) {
            throw new IllegalArgumentException("default handler " + defaultHandler + " is not among " + handlers);
        }
    }
}

package dev.cortado.shim.checkpoint;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a checkpoint may include and where criu works: containerd's runc {@code CheckpointOptions}
 * in our words.
 *
 * @param exit stop the task after the dump (criu kills it); otherwise it keeps running
 * @param openTcp dump established TCP connections ({@code --tcp-established})
 * @param externalUnixSockets allow unix sockets connected outside the task ({@code --ext-unix-sk})
 * @param terminal allow a task with a terminal ({@code --shell-job})
 * @param fileLocks dump file locks ({@code --file-locks})
 * @param emptyNamespaces namespaces criu leaves empty on restore ({@code --empty-ns}; criu knows only {@code network})
 * @param workPath criu's work dir (its {@code dump.log} and {@code stats-dump}); empty for a temporary one
 */
public record CheckpointSettings(
        boolean exit,
        boolean openTcp,
        boolean externalUnixSockets,
        boolean terminal,
        boolean fileLocks,
        List<String> emptyNamespaces,
        Optional<String> workPath) {
    private static final Set<String> EMPTYABLE = Set.of("network");

    public CheckpointSettings {
        emptyNamespaces = List.copyOf(emptyNamespaces);
        for (String ns : emptyNamespaces) {
            if (!EMPTYABLE.contains(ns)) {
                throw dev.cortado.errors.CortadoException.invalidArgument(
                        "checkpoint option empty_namespaces: criu can leave only network empty, not %s", ns);
            }
        }
        workPath = workPath.filter(p -> !p.isEmpty());
    }

    /** Leave the task running, nothing optional dumped, a temporary work dir. */
    public static CheckpointSettings defaults() {
        return new CheckpointSettings(false, false, false, false, false, List.of(), Optional.empty());
    }
}

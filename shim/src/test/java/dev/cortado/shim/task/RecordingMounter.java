package dev.cortado.shim.task;

import dev.cortado.errors.CortadoException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link RootfsMounter} that records what is mounted now, and fails when told to. */
public final class RecordingMounter implements RootfsMounter {
    /** The targets mounted and not yet unmounted. */
    public final Set<Path> mounted = ConcurrentHashMap.newKeySet();
    /** Whether {@link #mount} throws. */
    public volatile boolean failing;

    @Override
    public void mount(List<RootfsMount> mounts, Path target) {
        if (failing) {
            throw CortadoException.failedPrecondition("injected failure mounting %s", target);
        }
        mounted.add(target);
    }

    @Override
    public void unmount(Path target) {
        mounted.remove(target);
    }
}

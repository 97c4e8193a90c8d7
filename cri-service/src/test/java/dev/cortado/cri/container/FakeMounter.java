package dev.cortado.cri.container;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Records overlay mounts; a test may make the next mount fail. */
final class FakeMounter implements RootfsMounter {
    final Map<Path, String> mounted = new ConcurrentHashMap<>();
    volatile IOException mountFailure;

    @Override
    public void mountOverlay(Path target, String options) throws IOException {
        if (mountFailure != null) {
            throw mountFailure;
        }
        mounted.put(target, options);
    }

    @Override
    public boolean unmount(Path target) {
        return mounted.remove(target) != null;
    }
}

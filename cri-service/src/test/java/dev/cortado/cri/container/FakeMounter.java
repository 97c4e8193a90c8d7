package dev.cortado.cri.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Records overlay mounts; a test may make the next mount fail, or have the "mount" copy the
 * lower layers (bottom first) into the target so the merged view can be read without root.
 */
final class FakeMounter implements RootfsMounter {
    final Map<Path, String> mounted = new ConcurrentHashMap<>();
    volatile IOException mountFailure;
    volatile boolean materialize;

    @Override
    public void mountOverlay(Path target, String options) throws IOException {
        if (mountFailure != null) {
            throw mountFailure;
        }
        mounted.put(target, options);
        if (materialize) {
            String lower = options.substring("lowerdir=".length(), options.indexOf(','));
            List<String> layers = new ArrayList<>(List.of(lower.split(":")));
            Collections.reverse(layers);
            for (String layer : layers) {
                copy(Path.of(layer), target);
            }
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    @Override
    public boolean unmount(Path target) {
        return mounted.remove(target) != null;
    }
}

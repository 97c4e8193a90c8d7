package dev.cortado.cri.container;

import dev.cortado.errors.CortadoException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where a container lives on disk: its writable layer {@code <root>/containers/<id>/{upper,work}}
 * (and image volumes beside them) that survives a reboot, and its bundle
 * {@code <state>/containers/<id>/} ({@code config.json}, the {@code rootfs} mountpoint, {@code io/}
 * fifos, {@code exec/} fifos) that a reboot wipes.
 */
final class ContainerDirs {
    private final Path layers;
    private final Path bundles;

    ContainerDirs(Path root, Path state) {
        this.layers = root.resolve("containers");
        this.bundles = state.resolve("containers");
    }

    Path layer(String id) {
        return layers.resolve(id);
    }

    Path upper(String id) {
        return layer(id).resolve("upper");
    }

    Path work(String id) {
        return layer(id).resolve("work");
    }

    /** Anonymous volumes of the image's {@code VOLUME}s. */
    Path volumes(String id) {
        return layer(id).resolve("volumes");
    }

    Path bundle(String id) {
        return bundles.resolve(id);
    }

    Path rootfs(String id) {
        return bundle(id).resolve("rootfs");
    }

    Path io(String id, String stream) {
        return bundle(id).resolve("io").resolve(stream);
    }

    Path execDir(String id) {
        return bundle(id).resolve("exec");
    }

    /** Makes the writable layer and the bundle with its rootfs mountpoint and io dir. */
    void create(String id) throws IOException {
        Files.createDirectories(upper(id));
        Files.createDirectories(work(id));
        Files.createDirectories(rootfs(id));
        Files.createDirectories(bundle(id).resolve("io"));
        Files.createDirectories(execDir(id));
    }

    /** Removes the bundle and the writable layer; idempotent. The rootfs must be unmounted first. */
    void remove(String id) {
        delete(bundle(id));
        delete(layer(id));
    }

    static void delete(Path dir) {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw CortadoException.internal("cannot remove " + dir + ": " + e.getMessage(), e);
        }
    }
}

package dev.cortado.cri.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Image records as the JSON store (before the metadata database) wrote them under
 * {@code <root>/images}: the two files in test resources were written by that store's own code.
 */
public final class JsonStoreFixture {
    public static final String BUSYBOX = "sha256:" + "1".repeat(64);
    public static final String PAUSE = "sha256:" + "2".repeat(64);

    /** The images the files hold, as the JSON store was given them. */
    public static final Image BUSYBOX_IMAGE = new Image(
            BUSYBOX,
            List.of("docker.io/library/busybox:latest", "docker.io/library/busybox:1.36"),
            List.of("docker.io/library/busybox@sha256:" + "a".repeat(64)),
            2153472L,
            List.of("sha256:" + "c".repeat(64)),
            List.of("sha256:" + "a".repeat(64), BUSYBOX, "sha256:" + "b".repeat(64)),
            "",
            false);

    public static final Image PAUSE_IMAGE = new Image(
            PAUSE,
            List.of("registry.k8s.io/pause:3.9"),
            List.of("registry.k8s.io/pause@sha256:" + "d".repeat(64)),
            311285L,
            List.of("sha256:" + "e".repeat(64), "sha256:" + "f".repeat(64)),
            List.of("sha256:" + "d".repeat(64), PAUSE, "sha256:" + "3".repeat(64), "sha256:" + "4".repeat(64)),
            "65535",
            true);

    private JsonStoreFixture() {}

    /** Writes both records into {@code <root>/images}, returning that directory. */
    public static Path writeInto(Path root) throws IOException {
        Path dir = Files.createDirectories(root.resolve("images"));
        for (String id : List.of(BUSYBOX, PAUSE)) {
            String name = id.substring(7) + ".json";
            try (InputStream in = JsonStoreFixture.class.getResourceAsStream("json-store-v0/images/" + name)) {
                Files.copy(in, dir.resolve(name));
            }
        }
        return dir;
    }
}

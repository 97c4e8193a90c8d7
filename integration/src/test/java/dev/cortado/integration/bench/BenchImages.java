package dev.cortado.integration.bench;

import dev.cortado.integration.containers.ImageRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The pull images, built with umoci from busybox-static and random (incompressible) data and
 * pushed to the registry with skopeo, as an image build would: {@code small}, three layers
 * (busybox, 512 KiB, 2 MiB), and {@code large}, busybox plus four layers of a quarter of
 * {@code largeMib} each.
 *
 * @param small the small image's reference
 * @param large the large image's reference
 * @param smallBytes the size of the small image's files (random data: its layers are as large)
 * @param largeBytes the size of the large image's files
 */
record BenchImages(String small, String large, long smallBytes, long largeBytes) {
    static final Path BUSYBOX = Path.of("/usr/bin/busybox");

    /** Why they cannot be built here, or null. */
    static String unavailable() {
        for (String tool : List.of("/usr/bin/umoci", "/usr/bin/skopeo")) {
            if (!Files.isExecutable(Path.of(tool))) {
                return "needs " + tool + " (apt-get install -y umoci skopeo)";
            }
        }
        return null;
    }

    static BenchImages build(ImageRegistry registry, Path dir, int largeMib) throws IOException, InterruptedException {
        Path layout = dir.resolve("oci");
        run(dir, "umoci", "init", "--layout", layout.toString());
        long small = image(registry, dir, "small", List.of(512 * 1024L, 2 * 1024 * 1024L));
        long quarter = largeMib * 1024L * 1024 / 4;
        long large = image(registry, dir, "large", List.of(quarter, quarter, quarter, quarter));
        return new BenchImages(
                registry.authority() + "/bench/small:1", registry.authority() + "/bench/large:1", small, large);
    }

    /** Image {@code name}: a busybox layer and one layer of random data per size; returns its files' size. */
    private static long image(ImageRegistry registry, Path dir, String name, List<Long> sizes)
            throws IOException, InterruptedException {
        String ref = dir.resolve("oci") + ":" + name; // umoci's form; skopeo's is oci:<ref>
        run(dir, "umoci", "new", "--image", ref);
        Path root = Files.createDirectories(dir.resolve(name + "-busybox/bin"));
        Files.copy(BUSYBOX, root.resolve("busybox"));
        for (String applet : List.of("sh", "sleep", "true", "cat", "ls")) {
            Files.createSymbolicLink(root.resolve(applet), Path.of("busybox"));
        }
        run(dir, "umoci", "insert", "--image", ref, root.getParent().toString(), "/");
        Random random = new Random(sizes.hashCode() + name.hashCode());
        List<Path> layers = new ArrayList<>();
        for (int i = 0; i < sizes.size(); i++) {
            Path data = Files.createDirectories(dir.resolve(name + "-data" + i));
            writeRandom(data.resolve("blob"), sizes.get(i), random);
            run(dir, "umoci", "insert", "--image", ref, data.toString(), "/data" + i);
            layers.add(data);
        }
        run(dir, "umoci", "config", "--image", ref, "--config.cmd", "sh", "--config.env", "PATH=/bin");
        run(
                dir,
                "skopeo",
                "copy",
                "--quiet",
                "--dest-tls-verify=false",
                "oci:" + ref,
                "docker://" + registry.authority() + "/bench/" + name + ":1");
        long bytes = 0;
        for (Path data : layers) {
            bytes += Files.size(data.resolve("blob"));
        }
        return bytes + Files.size(BUSYBOX);
    }

    private static void writeRandom(Path file, long size, Random random) throws IOException {
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
        }
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Path log = dir.resolve("build.log");
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + Files.readString(log));
        }
    }
}

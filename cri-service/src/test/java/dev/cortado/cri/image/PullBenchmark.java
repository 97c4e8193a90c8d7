package dev.cortado.cri.image;

import dev.cortado.cri.image.registry.MediaTypes;
import dev.cortado.cri.image.registry.RegistryClient;
import dev.cortado.cri.image.registry.RegistryConfig;
import dev.cortado.cri.image.registry.RegistryHostConfig;
import dev.cortado.cri.image.unpack.TarBuilder;
import dev.cortado.cri.linux.NativeFsOps;
import dev.cortado.cri.store.SqliteMetadataStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * Cold-pull benchmark, not a test: Cortado's {@link ImageService} against containerd 1.6's
 * {@code ctr image pull --plain-http}, both from one local docker-registry in the same run, each
 * pull into a fresh root. Run with {@code integration/bin/pull-benchmark} (see the notes there).
 */
public final class PullBenchmark {
    private static final int CONCURRENCY = 3;

    private PullBenchmark() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Path dir = Files.createTempDirectory("cortado-pull-bench");
        try (LocalDockerRegistry registry = new LocalDockerRegistry(Files.createDirectory(dir.resolve("registry")))) {
            byte[] busybox = Files.readAllBytes(Path.of("/bin/busybox"));
            String small = push(registry, "bench/busybox", busyboxImage(busybox));
            String large = push(registry, "bench/large", busyboxImage(busybox).withRandomLayers(4, 50 << 20));
            System.out.printf("image                 cortado median   containerd median   cortado/containerd%n");
            for (String ref : List.of(small, large)) {
                double cortado = median(runs, () -> timeCortado(registry, ref, dir));
                double containerd = median(runs, () -> timeContainerd(ref, dir));
                System.out.printf(
                        "%-20s  %10.0f ms    %12.0f ms      %6.2f%n",
                        ref.substring(ref.indexOf('/') + 1), cortado, containerd, cortado / containerd);
            }
        } finally {
            new ProcessBuilder("rm", "-rf", "--one-file-system", dir.toString())
                    .inheritIO()
                    .start()
                    .waitFor();
        }
    }

    private static BenchImage busyboxImage(byte[] busybox) throws java.io.IOException {
        TarArchiveEntry bin = new TarArchiveEntry("bin/busybox");
        bin.setSize(busybox.length);
        bin.setMode(0755);
        byte[] base = new TarBuilder()
                .dir("bin", 0755)
                .entry(bin, busybox)
                .symlink("bin/sh", "busybox")
                .tar();
        byte[] etc = new TarBuilder()
                .dir("etc", 0755)
                .file("etc/hostname", "cortado")
                .tar();
        byte[] app = new TarBuilder()
                .file("app/run", "#!/bin/sh\necho hi\n", 0755, e -> {})
                .tar();
        BenchImage image = new BenchImage();
        for (byte[] tar : List.of(base, etc, app)) {
            image.test.layer(MediaTypes.OCI_LAYER_GZIP, tar, TarBuilder.gzip(tar));
        }
        return image;
    }

    private static String push(LocalDockerRegistry registry, String repo, BenchImage image) throws Exception {
        for (TestImage.Layer layer : image.test.layers) {
            registry.pushBlob(repo, layer.blob());
        }
        registry.pushBlob(repo, image.test.config());
        registry.pushManifest(repo, "1", MediaTypes.OCI_MANIFEST, image.test.manifest());
        long bytes = image.test.layers.stream().mapToLong(l -> l.blob().length).sum();
        System.out.printf("pushed %s:1, %d layers, %.1f MB compressed%n", repo, image.test.layers.size(), bytes / 1e6);
        return registry.authority + "/" + repo + ":1";
    }

    private static double timeCortado(LocalDockerRegistry registry, String ref, Path dir) throws Exception {
        Path root = Files.createTempDirectory(dir, "cortado");
        RegistryConfig config = RegistryConfig.defaults()
                .withHosts(Map.of(
                        registry.authority,
                        RegistryHostConfig.builder().insecure(true).build()));
        try (RegistryClient client = new RegistryClient(config, Clock.systemUTC());
                SqliteMetadataStore metadata = SqliteMetadataStore.open(root.resolve(SqliteMetadataStore.FILE_NAME));
                ImageService service = new ImageService(
                        ImageStoreConfig.defaults(root),
                        client,
                        new NativeFsOps(),
                        SqliteImageMetadataStore.open(metadata.images(), root),
                        id -> java.util.List.of(),
                        Clock.systemUTC())) {
            long start = System.nanoTime();
            service.pull(new PullRequest(ref, null, null));
            return (System.nanoTime() - start) / 1e6;
        } finally {
            new ProcessBuilder("rm", "-rf", "--one-file-system", root.toString())
                    .start()
                    .waitFor();
        }
    }

    private static double timeContainerd(String ref, Path dir) throws Exception {
        Path root = Files.createTempDirectory(dir, "containerd");
        try (ContainerdUnderTest containerd = new ContainerdUnderTest(root)) {
            long start = System.nanoTime();
            containerd.pull(ref, CONCURRENCY);
            return (System.nanoTime() - start) / 1e6;
        } finally {
            // overlay snapshots are plain directories (ctr pull mounts nothing), so rm is enough
            new ProcessBuilder("rm", "-rf", "--one-file-system", root.toString())
                    .start()
                    .waitFor();
        }
    }

    /** One untimed warm-up, then {@code runs} timed cold pulls; the median in milliseconds. */
    private static double median(int runs, Timed timed) throws Exception {
        timed.millis();
        double[] times = new double[runs];
        for (int i = 0; i < runs; i++) {
            times[i] = timed.millis();
        }
        Arrays.sort(times);
        System.out.println("  runs (ms): " + Arrays.toString(times));
        return times[runs / 2];
    }

    private interface Timed {
        double millis() throws Exception;
    }

    /** A {@link TestImage} plus incompressible layers to make it large. */
    private static final class BenchImage {
        final TestImage test = new TestImage();

        BenchImage withRandomLayers(int count, int bytes) throws java.io.IOException {
            Random random = new Random(42);
            for (int i = 0; i < count; i++) {
                byte[] data = new byte[bytes];
                random.nextBytes(data);
                TarArchiveEntry e = new TarArchiveEntry("data/blob" + i);
                e.setSize(bytes);
                e.setMode(0644);
                byte[] tar = new TarBuilder().entry(e, data).tar();
                test.layer(MediaTypes.OCI_LAYER_GZIP, tar, TarBuilder.gzip(tar));
            }
            return this;
        }
    }
}

package dev.cortado.cri.image.unpack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Layers that expand far beyond their size are stopped by the first limit they pass, per layer,
 * per image or by ratio, with a message naming the limit and its config key.
 */
class DecompressionBombTest {
    @TempDir
    Path root;

    private static UnpackLimits limits(long layer, long image, long ratio, long ratioMin) {
        return new UnpackLimits(1000, layer, 4096, image, ratio, ratioMin);
    }

    private UnpackResult unpack(InputStream layer, long size, UnpackLimits limits, UnpackBudget budget)
            throws IOException {
        return new LayerUnpacker(new RecordingFsOps(root), limits, false).unpack(layer, size, root, budget);
    }

    @Test
    void gzipBombOf8GiB_stopsAtTheLayerLimit_namingItsConfigKey() {
        assertThatThrownBy(() -> unpack(
                        Bombs.gzipOfZeros("zeros", 128),
                        -1,
                        limits(16 << 20, 1L << 40, 100_000, 0),
                        UnpackBudget.unlimited()))
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.RESOURCE_EXHAUSTED))
                .hasMessageContaining("per-layer limit")
                .hasMessageContaining("image.max_layer_unpacked_bytes");
    }

    @Test
    void gzipBombOf8GiB_defaultLimits_stoppedByTheRatioAfterOneGiB_withHolesOnDisk() throws IOException {
        long compressed = Bombs.gzipOfZerosSize(128);
        long start = System.nanoTime();
        assertThatThrownBy(() -> unpack(
                        Bombs.gzipOfZeros("zeros", 128), compressed, UnpackLimits.defaults(), UnpackBudget.unlimited()))
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.RESOURCE_EXHAUSTED))
                .hasMessageContaining("expansion ratio limit")
                .hasMessageContaining("image.max_expansion_ratio");
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("8 GiB gzip bomb (%d compressed bytes) stopped after %d ms%n", compressed, millis);
        assertThat(allocatedBytes(root.resolve("zeros"))).isLessThan(1 << 20); // zeros became holes, not 1 GiB of disk
    }

    @Test
    void sparseBombOfAFewHundredBytes_expandingTo4GiB_isStoppedByTheRatio() {
        byte[] layer = Bombs.sparse("holes", 2, Integer.MAX_VALUE);
        assertThat(layer.length).isLessThan(400);
        assertThatThrownBy(() -> unpack(
                        new ByteArrayInputStream(layer),
                        layer.length,
                        UnpackLimits.defaults(),
                        UnpackBudget.unlimited()))
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.RESOURCE_EXHAUSTED))
                .hasMessageContaining("expansion ratio limit");
    }

    @Test
    void sparseFileUnderTheRatioFloor_unpacksWithItsSizeAndAHole() throws IOException {
        byte[] layer = Bombs.sparse("lastlog", 1, 300L << 20);
        UnpackResult result = unpack(
                new ByteArrayInputStream(layer), layer.length, UnpackLimits.defaults(), UnpackBudget.unlimited());
        assertThat(result.bytes()).isEqualTo(300L << 20);
        assertThat(Files.size(root.resolve("lastlog0"))).isEqualTo(300L << 20);
        assertThat(allocatedBytes(root.resolve("lastlog0"))).isLessThan(1 << 20);
    }

    @Test
    void layersOfOneImage_shareItsBudget_andThePullStopsAtTheImageLimit() throws IOException {
        byte[] tar = new TarBuilder().file("f", "y".repeat(600 << 10)).tar();
        UnpackBudget budget = new UnpackBudget(1 << 20);
        UnpackLimits limits = limits(1L << 30, 1 << 20, 100_000, 0);
        unpack(new ByteArrayInputStream(TarBuilder.gzip(tar)), -1, limits, budget);
        Path second = Files.createDirectory(root.resolve("second"));
        assertThatThrownBy(() -> new LayerUnpacker(new RecordingFsOps(second), limits, false)
                        .unpack(new ByteArrayInputStream(TarBuilder.gzip(tar)), -1, second, budget))
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.RESOURCE_EXHAUSTED))
                .hasMessageContaining("per-image limit")
                .hasMessageContaining("image.max_image_unpacked_bytes");
    }

    @Test
    void ordinaryLayer_atARatioOverTheLimit_butUnderTheFloor_unpacks() throws IOException {
        byte[] tar = new TarBuilder().file("text", "abc".repeat(1 << 20)).tar();
        byte[] gz = TarBuilder.gzip(tar);
        assertThat(tar.length / gz.length).isGreaterThan(100);
        UnpackResult result =
                unpack(new ByteArrayInputStream(gz), gz.length, UnpackLimits.defaults(), UnpackBudget.unlimited());
        assertThat(result.bytes()).isEqualTo(tar.length);
    }

    private static long allocatedBytes(Path file) throws IOException {
        Process du = new ProcessBuilder("du", "-B1", "--", file.toString()).start();
        String out = new String(du.getInputStream().readAllBytes()).trim();
        return Long.parseLong(out.split("\\s+")[0]);
    }
}

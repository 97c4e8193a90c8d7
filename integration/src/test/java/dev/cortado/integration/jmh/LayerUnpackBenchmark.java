package dev.cortado.integration.jmh;

import dev.cortado.cri.image.unpack.LayerUnpacker;
import dev.cortado.cri.image.unpack.UnpackBudget;
import dev.cortado.cri.image.unpack.UnpackLimits;
import dev.cortado.cri.image.unpack.UnpackResult;
import dev.cortado.cri.linux.NativeFsOps;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Layer unpack as a pull does it after the download: {@link LayerUnpacker} (digest of the tar,
 * limits, metadata, owners when root) unpacks a {@link TestLayer} from memory into an empty temp
 * dir, gzip-compressed and plain. The target is made and removed outside the measured time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LayerUnpackBenchmark {
    /** How the layer is compressed. */
    @Param({"gzip", "tar"})
    public String compression;

    private final boolean root = "root".equals(System.getProperty("user.name"));
    private TestLayer layer;
    private byte[] blob;
    private LayerUnpacker unpacker;
    private Path base;
    private int unpacks;
    Path target;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        layer = TestLayer.get();
        blob = compression.equals("gzip") ? layer.gzip : layer.tar;
        unpacker = new LayerUnpacker(new NativeFsOps(), UnpackLimits.defaults(), root);
        base = Files.createTempDirectory("jmh-unpack-");
    }

    @Setup(Level.Invocation)
    public void freshTarget() throws IOException {
        target = Files.createDirectory(base.resolve(Integer.toString(unpacks++)));
    }

    @TearDown(Level.Invocation)
    public void removeTarget() throws IOException {
        Trees.delete(target);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Trees.delete(base);
    }

    @Benchmark
    public UnpackResult unpack(Bytes bytes) throws IOException {
        UnpackResult result =
                unpacker.unpack(new ByteArrayInputStream(blob), blob.length, target, UnpackBudget.unlimited());
        bytes.add(layer.tar.length);
        return result;
    }

    TestLayer layer() {
        return layer;
    }
}

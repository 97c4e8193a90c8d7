package dev.cortado.integration.bench;

import dev.cortado.api.cri.v1.ImageSpec;
import dev.cortado.api.cri.v1.RemoveImageRequest;
import dev.cortado.integration.DaemonProcess;
import dev.cortado.integration.cri.Latencies;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Image pulls through PullImage: per image, a fresh pair of runtimes (so that the first pull is
 * the first after the daemon started: cold), then {@code repeats} times RemoveImage and PullImage
 * again (warm: the daemon has pulled before, the content is gone). The registry's files are read
 * once before, so that neither side pays for the registry's disk.
 */
final class PullBench {
    void run(DaemonProcess.Jvm jvm, BenchImages images, Path registryStorage, int repeats, BenchReport report)
            throws Exception {
        warmPageCache(registryStorage);
        pull(jvm, "3 layers", images.small(), images.smallBytes(), repeats, report);
        pull(jvm, "5 layers", images.large(), images.largeBytes(), repeats, report);
    }

    private static void pull(
            DaemonProcess.Jvm jvm, String what, String image, long bytes, int repeats, BenchReport report)
            throws Exception {
        Latencies[] cold = {new Latencies("cold"), new Latencies("cold")};
        Latencies[] warm = {new Latencies("warm"), new Latencies("warm")};
        try (Pair pair = Pair.start(jvm)) {
            for (int i = 0; i < pair.sides().size(); i++) {
                Side side = pair.sides().get(i);
                cold[i].time(() -> side.cri().pullImage(image, null));
            }
            for (int round = 0; round < repeats; round++) {
                for (Side side : pair.inTurn(round)) {
                    side.cri()
                            .images()
                            .removeImage(RemoveImageRequest.newBuilder()
                                    .setImage(ImageSpec.newBuilder().setImage(image))
                                    .build());
                    warm[pair.sides().indexOf(side)].time(() -> side.cri().pullImage(image, null));
                }
            }
        }
        String label = what + " " + Math.round(bytes / 1048576.0) + " MiB";
        report.add("pull", label + " cold (first after start)", "s", seconds(cold[0]), seconds(cold[1]));
        report.add("pull", label + " warm p50 (n=" + repeats + ")", "s", seconds(warm[0]), seconds(warm[1]));
        report.add(
                "pull",
                label + " warm throughput p50",
                "MiB/s (higher)",
                throughput(bytes, warm[0]),
                throughput(bytes, warm[1]));
    }

    private static double[] seconds(Latencies l) {
        return l.count() == 0 ? null : new double[] {l.p50().toNanos() / 1e9};
    }

    private static double[] throughput(long bytes, Latencies l) {
        return l.count() == 0
                ? null
                : new double[] {bytes / 1048576.0 / (l.p50().toNanos() / 1e9)};
    }

    /** Reads every file under {@code dir}, so that the registry serves from the page cache. */
    private static void warmPageCache(Path dir) throws IOException {
        byte[] buffer = new byte[1 << 20];
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    while (in.read(buffer) >= 0) {
                        // discard
                    }
                }
            }
        }
    }
}

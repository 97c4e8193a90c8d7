package dev.cortado.integration.bench;

import dev.cortado.integration.DaemonProcess;
import dev.cortado.integration.containerd.HostCleanup;
import dev.cortado.integration.containers.ContainerdRuntime;
import dev.cortado.integration.containers.ImageRegistry;
import dev.cortado.integration.containers.OciImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Not a test: Cortado side by side with Debian's containerd 1.6 CRI plugin (runc), both started
 * here, driven by the same client with the same kubelet-shaped configs, images from a
 * docker-registry on loopback. Runs the sections asked for ({@link BenchOptions}): lifecycle,
 * density (with the List calls), exec, pull; prints one table with Cortado's ratio to containerd
 * per line and writes it as JSON. Everything it started or made is removed at the end. Run with
 * {@code integration/bin/benchmark [options]} as root.
 */
public final class Benchmark {
    private Benchmark() {}

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help")) {
            System.out.print(BenchOptions.USAGE);
            return;
        }
        BenchOptions options = BenchOptions.parse(args);
        ContainerdRuntime.unavailable().ifPresent(why -> {
            throw new IllegalStateException("cannot run containerd's CRI plugin here: " + why);
        });
        if (!Files.isExecutable(ImageRegistry.BINARY) || (options.runs("pull") && BenchImages.unavailable() != null)) {
            throw new IllegalStateException("needs docker-registry, umoci and skopeo (integration/bin/install-deps)");
        }
        BenchReport report = new BenchReport();
        report.note("load average before", loadAverage());
        report.note(
                "cortado JVM",
                options.jvm() == DaemonProcess.Jvm.LAUNCHER
                        ? "cri-service/target/bin/cortado (the project's options)"
                        : "java -jar, no options");
        report.note("options", String.join(" ", args));
        report.note(
                "cortado handler", options.cortadoHandler().isEmpty() ? "cortado (default)" : options.cortadoHandler());
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "bench-");
        ImageRegistry registry = null; // not try-with-resources: its close() may throw InterruptedException
        try {
            ImageRegistry started = ImageRegistry.start(dir.resolve("registry"));
            registry = started;
            String busybox = started.push("bench/busybox", "1", new OciImage.Builder().build());
            if (options.runs("lifecycle") || options.runs("density") || options.runs("exec")) {
                try (Pair pair = Pair.start(options.jvm(), options.cortadoHandler())) {
                    pair.pull(busybox);
                    if (options.runs("lifecycle")) {
                        section(
                                "lifecycle",
                                report,
                                () -> new LifecycleBench().run(pair, busybox, options.cycles(), report));
                    }
                    if (options.runs("exec")) {
                        section("exec", report, () -> new ExecBench().run(pair, busybox, options.execs(), report));
                    }
                    if (options.runs("density")) {
                        section(
                                "density",
                                report,
                                () -> new DensityBench()
                                        .run(pair, busybox, options.counts(), options.manyContainers(), report));
                    }
                }
            }
            if (options.runs("pull")) {
                section("pull", report, () -> {
                    BenchImages images = BenchImages.build(
                            started, Files.createDirectories(dir.resolve("images")), options.largeMib());
                    new PullBench()
                            .run(options.jvm(), images, dir.resolve("registry/storage"), options.pullRepeats(), report);
                });
            }
        } finally {
            if (registry != null) {
                registry.close();
            }
            HostCleanup.deleteTree(dir);
        }
        report.note("load average after", loadAverage());
        System.out.print(report.table());
        Path json = options.json().toAbsolutePath();
        Files.createDirectories(json.getParent());
        Files.writeString(json, report.json());
        System.out.println("JSON: " + json);
    }

    /** A section's work. */
    @FunctionalInterface
    private interface Section {
        void run() throws Exception;
    }

    /** Runs one section; one that fails is noted in the report (with its stack on stderr) and the others go on. */
    private static void section(String name, BenchReport report, Section section) {
        long t0 = System.nanoTime();
        System.err.println("benchmark: " + name + "...");
        try {
            section.run();
            System.err.printf("benchmark: %s done in %.0f s%n", name, (System.nanoTime() - t0) / 1e9);
        } catch (Exception e) {
            e.printStackTrace();
            report.note(name + " failed", e.toString());
        }
    }

    /** The 1, 5 and 15 minute load averages, as uptime prints them. */
    private static String loadAverage() throws java.io.IOException {
        return String.join(
                " ",
                List.of(Files.readString(Path.of("/proc/loadavg")).trim().split(" "))
                        .subList(0, 3));
    }
}

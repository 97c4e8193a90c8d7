package dev.cortado.integration.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.cgroups.control.CgroupStats;
import dev.cortado.cri.image.unpack.UnpackResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Keeps the JMH benchmarks runnable and honest in CI: JMH runs every one of them for one short
 * iteration in this JVM and each yields a result; and each benchmark's operation, called
 * directly, did the right thing (frames decode to what was sent, the log holds every line in the
 * CRI format, stats equal the files, the layer's files are all there). No timing is asserted.
 */
class JmhSmokeTest {
    private static final Pattern RECORD = Pattern.compile("(\\S+) (stdout|stderr) ([PF]) (.*)");

    @Test
    void everyBenchmark_runsOneShortIteration_andReportsAResult() throws RunnerException {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                        .include(JmhSmokeTest.class.getPackageName() + "\\.")
                        .forks(0)
                        .warmupIterations(0)
                        .measurementIterations(1)
                        .measurementTime(TimeValue.milliseconds(100))
                        .shouldFailOnError(true)
                        .build())
                .run();

        // ttrpc: 2 methods x 3 sizes; logs: 3 line sizes; cgroups: 5; unpack: 2 compressions
        assertThat(results).hasSize(6 + 3 + 5 + 2);
        for (RunResult r : results) {
            assertThat(r.getPrimaryResult().getScore())
                    .as(r.getParams().getBenchmark() + " " + r.getParams().getParamsKeys())
                    .isPositive();
        }
        assertThat(JmhTable.format(results)).contains("LayerUnpackBenchmark.unpack", "compression=gzip");
    }

    @Test
    void ttrpcFraming_decodesTheMessageThatWasSent() throws IOException {
        for (String size : List.of("100", "4096", "65536")) {
            TtrpcFramingBenchmark b = new TtrpcFramingBenchmark();
            b.size = Integer.parseInt(size);
            b.setUp();
            try {
                assertThat(b.request(new Bytes())).isEqualTo(b.message);
                assertThat(b.request(new Bytes())).isEqualTo(b.message);
                assertThat(b.response(new Bytes())).isEqualTo(b.message);
                assertThat(b.message.getValue().size()).isEqualTo(b.size);
            } finally {
                b.tearDown();
            }
        }
    }

    @Test
    void logWriter_writesEveryLineOfBothStreams_inTheCriFormat() throws IOException {
        for (int lineBytes : List.of(80, 16385, 40000)) {
            LogWriterBenchmark b = new LogWriterBenchmark();
            b.lineBytes = lineBytes;
            b.setUp();
            try {
                Bytes bytes = new Bytes();
                Path log = b.copy(bytes);
                assertThat(bytes.bytes).isEqualTo(2L * b.lines * lineBytes);
                Map<String, List<String>> lines = Map.of("stdout", new ArrayList<>(), "stderr", new ArrayList<>());
                Map<String, StringBuilder> open = Map.of("stdout", new StringBuilder(), "stderr", new StringBuilder());
                for (String record : Files.readAllLines(log, StandardCharsets.US_ASCII)) {
                    Matcher m = RECORD.matcher(record);
                    assertThat(m.matches()).as(record).isTrue();
                    OffsetDateTime.parse(m.group(1));
                    assertThat(m.group(4).length()).isLessThanOrEqualTo(LogWriterBenchmark.MAX_LINE);
                    StringBuilder line = open.get(m.group(2)).append(m.group(4));
                    if (m.group(3).equals("F")) {
                        lines.get(m.group(2)).add(line.toString());
                        line.setLength(0);
                    } else {
                        assertThat(m.group(4)).hasSize(LogWriterBenchmark.MAX_LINE);
                    }
                }
                for (String stream : List.of("stdout", "stderr")) {
                    assertThat(lines.get(stream)).hasSize(b.lines);
                    assertThat(open.get(stream)).isEmpty();
                    assertThat(lines.get(stream).get(7))
                            .hasSize(lineBytes - 1)
                            .startsWith(stream.charAt(3) == 'o' ? "o7 " : "e7 ");
                }
            } finally {
                b.tearDown();
            }
        }
    }

    @Test
    void cgroupStats_readEveryFileOfTheContainer() throws IOException {
        CgroupStatsBenchmark b = new CgroupStatsBenchmark();
        b.setUp();
        try {
            CgroupStats stats = b.stats();
            assertThat(stats.cpu().usageUsec()).isEqualTo(31827423);
            assertThat(stats.cpu().nrThrottled()).isEqualTo(626);
            assertThat(stats.memory().stat().inactiveFile()).isEqualTo(204800);
            assertThat(stats.memory().stat().pgmajfault()).isEqualTo(3);
            assertThat(stats.memory().limit()).isEqualTo(99999744);
            assertThat(stats.pids().max()).isEqualTo(100);
            assertThat(stats.io().devices()).hasSize(3);
            assertThat(stats.io().devices().get(1).dbytes()).isEqualTo(50331648);
            assertThat(stats.cpuPressure().full().total()).isEqualTo(31805049);
            assertThat(stats.ioPressure().some().avg60()).isEqualTo(2.57);
            Bytes bytes = new Bytes();
            assertThat(b.parseMemoryStat(bytes).values()).hasSize(51).containsEntry("file", 217088L);
            assertThat(b.parseCpuStat(bytes)).isEqualTo(stats.cpu());
            assertThat(b.parseIoStat(bytes)).isEqualTo(stats.io());
            assertThat(b.parsePsi(bytes)).isEqualTo(stats.cpuPressure());
        } finally {
            b.tearDown();
        }
    }

    @Test
    void layerUnpack_writesEveryFileOfTheLayer() throws IOException {
        for (String compression : List.of("gzip", "tar")) {
            LayerUnpackBenchmark b = new LayerUnpackBenchmark();
            b.compression = compression;
            b.setUp();
            try {
                b.freshTarget();
                Bytes bytes = new Bytes();
                UnpackResult result = b.unpack(bytes);
                TestLayer layer = b.layer();
                assertThat(result.entries()).isEqualTo(TestLayer.ENTRIES);
                assertThat(bytes.bytes).isEqualTo(layer.tar.length);
                Path small = b.target.resolve(TestLayer.smallFile(1234));
                assertThat(Files.readString(small)).startsWith("line ").endsWith(contentOf(layer, 1234));
                Path large = b.target.resolve(TestLayer.largeFile(3));
                assertThat(Files.size(large)).isEqualTo(TestLayer.LARGE_SIZE);
                assertThat(Files.getPosixFilePermissions(large)).hasSize(7); // 0755
                assertThat(Files.readSymbolicLink(b.target.resolve(TestLayer.dir(9) + "/latest")))
                        .hasToString("file-9.txt");
                assertThat(Files.getAttribute(b.target.resolve("usr/bin/tool-copy"), "unix:ino"))
                        .isEqualTo(Files.getAttribute(
                                b.target.resolve(TestLayer.largeFile(0)), "unix:ino", LinkOption.NOFOLLOW_LINKS));
                try (var files = Files.walk(b.target)) {
                    assertThat(files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
                                    .count())
                            .isEqualTo(TestLayer.SMALL_FILES + TestLayer.LARGE_FILES + 1);
                }
                b.removeTarget();
            } finally {
                b.tearDown();
            }
        }
    }

    /** The last bytes of small file {@code f} as the layer holds them. */
    private static String contentOf(TestLayer layer, int f) {
        String tar = new String(layer.tar, StandardCharsets.ISO_8859_1);
        String header = TestLayer.smallFile(f);
        int at = tar.indexOf(header);
        long size = Long.parseLong(tar.substring(at + 124, at + 135).trim(), 8);
        String content = tar.substring(at + 512, at + 512 + (int) size);
        return content.substring(content.length() - 20);
    }
}

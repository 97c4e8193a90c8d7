/**
 * JMH benchmarks of the hot paths (issue 16 item 3), not tests: ttrpc framing
 * ({@code TtrpcFramingBenchmark}), the CRI log writer ({@code LogWriterBenchmark}), cgroup
 * stats parsing ({@code CgroupStatsBenchmark}) and layer unpack ({@code LayerUnpackBenchmark}).
 * JMH's annotation processor generates their harness at test-compile. Run them with
 * {@code integration/bin/jmh [regex]} ({@code JmhMain}: one fork, two warmups, three iterations
 * unless JMH options say otherwise) for a table of ops/s and MB/s; {@code JmhSmokeTest} runs
 * each for one short iteration in CI and checks what the benchmarked code produced.
 */
package dev.cortado.integration.jmh;

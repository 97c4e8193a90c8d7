/**
 * The side-by-side benchmark (issue 16), not a test: {@code Benchmark} starts Cortado and the
 * reference, Debian's containerd 1.6 CRI plugin with runc, drives both through the same
 * {@code CriClient} with kubelet-shaped configs (lifecycle latency serial and with concurrency 8,
 * density with the memory of every runtime process, image pulls cold and warm, ExecSync, List
 * calls) and prints one table with Cortado's ratio to containerd per line, plus JSON. Run it
 * with {@code integration/bin/benchmark}.
 */
package dev.cortado.integration.bench;

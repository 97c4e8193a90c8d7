/**
 * Immutable records for cgroup v2 statistics and the parsers that build them from file contents
 * ({@code cpu.stat}, {@code memory.stat}, {@code memory.events}, {@code io.stat}, PSI, ...), plus
 * the CRI derived values: working set and usage_nano_cores.
 *
 * <p>Parsers take strings, never paths: no file I/O here. Imports {@code dev.cortado.cgroups} only.
 */
package dev.cortado.cgroups.stats;

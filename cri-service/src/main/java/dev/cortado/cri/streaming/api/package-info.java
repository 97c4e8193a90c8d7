/** Thin CRI adapter for Exec, Attach and PortForward over {@link dev.cortado.cri.streaming.StreamingServer}. */
package dev.cortado.cri.streaming.api;

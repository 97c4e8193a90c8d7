/**
 * A CRI client for tests and benchmarks that plays kubelet's part against any CRI socket
 * (containerd's CRI plugin, Cortado): the calls, kubelet-shaped pod and container configs, the
 * CRI log format, and latency percentiles over repeated calls.
 */
package dev.cortado.integration.cri;

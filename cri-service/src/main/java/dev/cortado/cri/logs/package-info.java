/**
 * Container stdio on cortado's side: fifos into CRI-format log files (kubelet's
 * {@code log_directory/log_path}, reopened on ReopenContainerLog) and bounded in-memory capture
 * for ExecSync ({@link dev.cortado.cri.logs.ContainerIo}).
 */
package dev.cortado.cri.logs;

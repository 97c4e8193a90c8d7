package dev.cortado.cri.spec;

import java.util.List;

/**
 * The masked and read-only paths kubelet sends for the Default procMount (k8s {@code
 * pkg/securitycontext/util.go}), which are also containerd's base spec lists: what a container
 * gets when the runtime is set to disable_proc_mount and ignores kubelet's lists.
 */
final class KubeletPaths {
    static final List<String> MASKED = List.of(
            "/proc/asound",
            "/proc/acpi",
            "/proc/kcore",
            "/proc/keys",
            "/proc/latency_stats",
            "/proc/timer_list",
            "/proc/timer_stats",
            "/proc/sched_debug",
            "/proc/scsi",
            "/sys/firmware",
            "/sys/devices/virtual/powercap");
    static final List<String> READONLY =
            List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");

    private KubeletPaths() {}
}

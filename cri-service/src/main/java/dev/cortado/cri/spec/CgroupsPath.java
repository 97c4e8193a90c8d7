package dev.cortado.cri.spec;

/**
 * A container's {@code linux.cgroupsPath} under its pod's cgroup parent, as containerd's {@code
 * getCgroupsPath}: a parent whose last element ends in {@code .slice} (the systemd driver) gives
 * {@code <slice>:cri-containerd:<id>}, which runc and Cortado's shim expand to {@code
 * .../<slice>/cri-containerd-<id>.scope}; any other parent gives {@code <parent>/<id>}.
 */
final class CgroupsPath {
    static final String SYSTEMD_PREFIX = "cri-containerd";

    private CgroupsPath() {}

    /** The path, or empty when the pod has no cgroup parent (the runtime then picks one). */
    static String of(String cgroupParent, String containerId) {
        if (cgroupParent.isEmpty()) {
            return "";
        }
        String trimmed = cgroupParent.replaceAll("/+$", "");
        String base = trimmed.substring(trimmed.lastIndexOf('/') + 1);
        if (base.endsWith(".slice")) {
            return base + ":" + SYSTEMD_PREFIX + ":" + containerId;
        }
        return (trimmed.isEmpty() ? "" : trimmed) + "/" + containerId;
    }
}

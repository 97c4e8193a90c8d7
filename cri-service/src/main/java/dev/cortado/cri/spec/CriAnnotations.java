package dev.cortado.cri.spec;

import dev.cortado.api.cri.v1.PodSandboxConfig;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The spec annotations containerd's CRI plugin writes for a container ({@code
 * annotations.DefaultCRIAnnotations}): container type, sandbox id, namespace, uid and name,
 * container name and image name; shims group by {@code io.kubernetes.cri.sandbox-id}. Pod and
 * container annotations whose keys match the handler's pod_annotations / container_annotations
 * globs are passed through first, so the CRI ones always win.
 */
final class CriAnnotations {
    static final String CONTAINER_TYPE = "io.kubernetes.cri.container-type";
    static final String SANDBOX_ID = "io.kubernetes.cri.sandbox-id";
    static final String SANDBOX_NAMESPACE = "io.kubernetes.cri.sandbox-namespace";
    static final String SANDBOX_UID = "io.kubernetes.cri.sandbox-uid";
    static final String SANDBOX_NAME = "io.kubernetes.cri.sandbox-name";
    static final String CONTAINER_NAME = "io.kubernetes.cri.container-name";
    static final String IMAGE_NAME = "io.kubernetes.cri.image-name";

    private CriAnnotations() {}

    static Map<String, String> build(
            String sandboxId,
            String containerName,
            String imageName,
            PodSandboxConfig pod,
            Map<String, String> containerAnnotations,
            RuntimeOptions options) {
        Map<String, String> out = new TreeMap<>();
        out.putAll(passThrough(pod.getAnnotationsMap(), options.podAnnotations()));
        out.putAll(passThrough(containerAnnotations, options.containerAnnotations()));
        out.put(SANDBOX_ID, sandboxId);
        out.put(SANDBOX_NAMESPACE, pod.getMetadata().getNamespace());
        out.put(SANDBOX_UID, pod.getMetadata().getUid());
        out.put(SANDBOX_NAME, pod.getMetadata().getName());
        out.put(CONTAINER_NAME, containerName);
        out.put(IMAGE_NAME, imageName);
        out.put(CONTAINER_TYPE, "container");
        return out;
    }

    /** containerd's {@code GetPassthroughAnnotations}: keys matching any glob ({@code filepath.Match}). */
    static Map<String, String> passThrough(Map<String, String> annotations, List<String> globs) {
        Map<String, String> out = new TreeMap<>();
        List<PathMatcher> matchers = globs.stream()
                .map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g))
                .toList();
        annotations.forEach((k, v) -> {
            if (!k.isEmpty() && matchers.stream().anyMatch(m -> m.matches(Path.of(k)))) {
                out.put(k, v);
            }
        });
        return out;
    }
}

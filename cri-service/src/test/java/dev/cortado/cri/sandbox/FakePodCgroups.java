package dev.cortado.cri.sandbox;

import dev.cortado.cgroups.resources.CriLinuxContainerResources;
import dev.cortado.errors.CortadoException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Cgroups as a set of paths. */
final class FakePodCgroups implements PodCgroups {
    final Set<String> cgroups = ConcurrentHashMap.newKeySet();
    final Map<String, CriLinuxContainerResources> applied = new ConcurrentHashMap<>();
    volatile boolean failCreate;
    volatile boolean unsupportedUpdate;

    @Override
    public String create(String podId, String cgroupParent) {
        if (failCreate) {
            throw CortadoException.failedPrecondition("injected cgroup failure");
        }
        String path = (cgroupParent.isEmpty() ? "/cortado" : cgroupParent) + "/" + podId;
        cgroups.add(path);
        return path;
    }

    @Override
    public void addProcess(String path, long pid) {}

    @Override
    public void update(String path, CriLinuxContainerResources resources) {
        if (unsupportedUpdate) {
            throw CortadoException.failedPrecondition("memory controller is not available");
        }
        applied.put(path, resources);
    }

    @Override
    public void remove(String path) {
        cgroups.remove(path);
    }
}

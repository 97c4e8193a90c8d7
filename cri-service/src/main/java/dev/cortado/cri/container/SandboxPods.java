package dev.cortado.cri.container;

import dev.cortado.cri.sandbox.NamespaceMode;
import dev.cortado.cri.sandbox.PodFiles;
import dev.cortado.cri.sandbox.Sandbox;
import dev.cortado.cri.sandbox.SandboxService;
import dev.cortado.cri.sandbox.SandboxState;
import dev.cortado.cri.spec.PodFacts;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The pods as the sandbox service keeps them. The service is supplied lazily: it is built with
 * the container service as its {@code SandboxContainers}, so the daemon sets it afterwards.
 */
public final class SandboxPods implements PodLookup {
    private final Supplier<SandboxService> sandboxes;
    private final PodFiles files;

    public SandboxPods(Supplier<SandboxService> sandboxes, PodFiles files) {
        this.sandboxes = sandboxes;
        this.files = files;
    }

    @Override
    public Pod get(String idOrPrefix) {
        Sandbox s = sandboxes.get().status(idOrPrefix);
        Path dir = files.dir(s.id());
        String shm = s.config().namespaces().ipc() == NamespaceMode.NODE
                ? ""
                : dir.resolve("shm").toString();
        PodFacts facts = new PodFacts(
                s.id(),
                s.namespaces().net(),
                s.namespaces().ipc(),
                s.namespaces().uts(),
                s.namespaces().pid(),
                files.hostname(s.config()),
                dir.resolve("hostname").toString(),
                dir.resolve("hosts").toString(),
                dir.resolve("resolv.conf").toString(),
                shm);
        return new Pod(
                s.id(),
                s.state() == SandboxState.READY,
                s.config().runtimeHandler(),
                s.config().logDirectory(),
                facts,
                s.bootId());
    }
}

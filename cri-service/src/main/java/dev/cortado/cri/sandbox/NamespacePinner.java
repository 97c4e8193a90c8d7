package dev.cortado.cri.sandbox;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a pod's net, ipc and uts namespaces and pins them, without any process living in them:
 * a new platform thread {@code unshare}s (namespaces are per thread in Linux), sets the hostname
 * and the sysctls from inside (a /proc/sys file is resolved against the namespaces of the thread
 * that opens it), bind-mounts {@code /proc/thread-self/ns/X} onto {@code <nsRoot>/<pod>/X}, and
 * then ends. The thread is never reused, so no pool thread ever runs in a pod's namespace.
 */
public final class NamespacePinner {
    private static final Logger LOG = LoggerFactory.getLogger(NamespacePinner.class);

    private final PodSyscalls sys;
    private final Path nsRoot;
    private final Path threadNs;
    private final Path procSys;

    /**
     * @param nsRoot {@code <state>/ns}
     * @param threadNs {@code /proc/thread-self/ns}
     * @param procSys {@code /proc/sys}
     */
    public NamespacePinner(PodSyscalls sys, Path nsRoot, Path threadNs, Path procSys) {
        this.sys = sys;
        this.nsRoot = nsRoot;
        this.threadNs = threadNs;
        this.procSys = procSys;
    }

    /** The directory holding the pod's pins. */
    public Path dir(String podId) {
        return nsRoot.resolve(podId);
    }

    /**
     * Creates and pins the namespaces the options ask for ({@code POD} network brings the UTS
     * namespace along, as kubelet expects); the host's are used for {@code NODE}. On failure
     * nothing stays pinned.
     */
    public PodNamespaces pin(String podId, NamespaceOptions options, String hostname, Map<String, String> sysctls) {
        boolean net = options.network() == NamespaceMode.POD;
        boolean ipc = options.ipc() == NamespaceMode.POD;
        Path dir = dir(podId);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new CortadoException(ErrorKind.INTERNAL, "cannot create namespace directory " + dir + ": " + e, e);
        }
        if (!net && !ipc) {
            return PodNamespaces.HOST;
        }
        CompletableFuture<PodNamespaces> result = new CompletableFuture<>();
        Thread thread = new Thread(
                () -> {
                    try {
                        result.complete(pinOnThisThread(dir, net, ipc, hostname, sysctls));
                    } catch (Throwable t) {
                        result.completeExceptionally(t);
                    }
                },
                "cortado-ns-" + podId.substring(0, Math.min(12, podId.length())));
        thread.setDaemon(true);
        thread.start();
        try {
            return result.get();
        } catch (ExecutionException e) {
            unpin(podId, PodNamespaces.HOST);
            if (e.getCause() instanceof CortadoException ce) {
                throw ce;
            }
            throw new CortadoException(
                    ErrorKind.INTERNAL,
                    "cannot create namespaces of pod " + podId + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CortadoException.unavailable("interrupted while creating namespaces of pod %s", podId);
        }
    }

    private PodNamespaces pinOnThisThread(
            Path dir, boolean net, boolean ipc, String hostname, Map<String, String> sysctls) throws IOException {
        int flags =
                (net ? PodSyscalls.CLONE_NEWNET | PodSyscalls.CLONE_NEWUTS : 0) | (ipc ? PodSyscalls.CLONE_NEWIPC : 0);
        sys.unshare(flags);
        if (net) {
            sys.setHostname(hostname);
            sys.setLoopbackUp();
        }
        for (Map.Entry<String, String> sysctl : sysctls.entrySet()) {
            writeSysctl(sysctl.getKey(), sysctl.getValue());
        }
        List<Path> pinned = new ArrayList<>();
        try {
            String netPin = net ? pinOne("net", dir, pinned) : "";
            String ipcPin = ipc ? pinOne("ipc", dir, pinned) : "";
            String utsPin = net ? pinOne("uts", dir, pinned) : "";
            return new PodNamespaces(netPin, ipcPin, utsPin, "", 0, 0);
        } catch (IOException | RuntimeException e) {
            for (Path pin : pinned) {
                safeUnmount(pin, e);
            }
            throw e;
        }
    }

    private String pinOne(String ns, Path dir, List<Path> pinned) throws IOException {
        Path target = dir.resolve(ns);
        if (!Files.exists(target)) {
            Files.createFile(target);
        }
        sys.bindMount(threadNs.resolve(ns), target);
        pinned.add(target);
        return target.toString();
    }

    private void writeSysctl(String name, String value) throws IOException {
        Path file = procSys.resolve(name.replace('.', '/'));
        try {
            Files.writeString(file, value);
        } catch (NoSuchFileException e) {
            throw CortadoException.invalidArgument("sysctl %s does not exist on this host (%s)", name, file);
        } catch (IOException e) {
            throw new IOException("cannot set sysctl " + name + "=" + value + ": " + e.getMessage(), e);
        }
    }

    /**
     * Unmounts and deletes every pin of the pod, and its directory; idempotent (a pin that is not
     * mounted, or gone after a reboot emptied /run, is skipped), as RemovePodSandbox must be.
     */
    public void unpin(String podId, PodNamespaces namespaces) {
        Path dir = dir(podId);
        for (String ns : List.of("net", "ipc", "uts", "pid")) {
            Path pin = dir.resolve(ns);
            try {
                sys.unmount(pin);
                Files.deleteIfExists(pin);
            } catch (IOException e) {
                throw new CortadoException(ErrorKind.INTERNAL, "cannot unpin " + pin + ": " + e.getMessage(), e);
            }
        }
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw new CortadoException(ErrorKind.INTERNAL, "cannot remove " + dir + ": " + e.getMessage(), e);
        }
    }

    private void safeUnmount(Path pin, Exception cause) {
        try {
            sys.unmount(pin);
            Files.deleteIfExists(pin);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot undo pin {}: {}", pin, e.getMessage());
            cause.addSuppressed(e);
        }
    }
}

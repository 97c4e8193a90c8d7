package dev.cortado.cri.sandbox;

import dev.cortado.cri.network.PodAttachment;
import dev.cortado.cri.network.PodNetworkStatus;
import dev.cortado.cri.store.Ids;
import dev.cortado.cri.store.MetadataStore;
import dev.cortado.cri.store.ObjectKind;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RunPodSandbox, step by step as DESIGN.md orders it: reserve the name, create and pin the
 * namespaces, make the pod cgroup, start the PID namespace init, attach the network (CNI ADD,
 * skipped for host network), write the pod's files, persist READY. A failing step unwinds every
 * earlier one (CNI DEL, unmount, cgroup, name), and the error names the step, keeping its kind.
 */
final class SandboxRunner {
    private static final Logger LOG = LoggerFactory.getLogger(SandboxRunner.class);

    private final SandboxParts parts;
    private final SandboxCodec codec;
    /** Ids of runs in progress in this process; their name reservations are not stale. */
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    SandboxRunner(SandboxParts parts, SandboxCodec codec) {
        this.parts = parts;
        this.codec = codec;
    }

    Sandbox run(PodConfig requested) {
        PodConfig config = PodValidation.validate(requested, parts.defaultHandler(), parts.handlers());
        String id = Ids.generate();
        String name = config.metadata().reservedName();
        Unwind unwind = new Unwind();
        try {
            inFlight.add(id);
            unwind.onFailure("forget run " + id, () -> inFlight.remove(id));
            String stale = step("reserve name " + name, () -> parts.store().inTransaction(tx -> reserve(tx, name, id)));
            unwind.onFailure("release name " + name, () -> releaseName(name, id));
            if (stale != null) {
                cleanStale(stale);
            }
            long createdAt = nanos(parts.clock().instant());
            String hostname = parts.files().hostname(config);
            PodNamespaces namespaces = step(
                    "create namespaces", () -> parts.pinner().pin(id, config.namespaces(), hostname, config.sysctls()));
            unwind.onFailure("unpin namespaces", () -> parts.pinner().unpin(id, namespaces));
            String cgroup = step("create pod cgroup", () -> parts.cgroups().create(id, config.cgroupParent()));
            unwind.onFailure(
                    "remove pod cgroup " + cgroup, () -> parts.cgroups().remove(cgroup));
            PodNamespaces withPid = namespaces;
            if (config.namespaces().pid() == NamespaceMode.POD) {
                Path pin = parts.pinner().dir(id).resolve("pid");
                PodInit.Started init =
                        step("start pid namespace init", () -> parts.init().start(id, pin));
                unwind.onFailure("stop pid namespace init", () -> parts.init().stop(init.pid(), init.startTime()));
                step("move init into pod cgroup", () -> {
                    parts.cgroups().addProcess(cgroup, init.launcherPid());
                    parts.cgroups().addProcess(cgroup, init.pid());
                    return null;
                });
                withPid = namespaces.withPid(pin.toString(), init.pid(), init.startTime());
            }
            SandboxNetwork network = SandboxNetwork.NONE;
            if (!config.namespaces().hostNetwork()) {
                PodAttachment attachment = attachment(id, config, namespaces);
                PodNetworkStatus status =
                        step("attach network", () -> parts.network().attach(attachment));
                unwind.onFailure("detach network", () -> parts.network().detach(attachment));
                network = new SandboxNetwork(status.ips(), status.networkName(), status.resultJson());
            }
            String ip = network.primaryIp();
            step("write pod files", () -> {
                parts.files().create(id, config, ip);
                return null;
            });
            unwind.onFailure("remove pod files", () -> parts.files().remove(id));
            Sandbox sandbox = new Sandbox(
                    id,
                    config,
                    SandboxState.READY,
                    createdAt,
                    network,
                    withPid,
                    cgroup,
                    parts.bootId().get());
            step(
                    "persist sandbox",
                    () -> parts.store().inTransaction(tx -> {
                        tx.put(codec.encode(sandbox));
                        return null;
                    }));
            inFlight.remove(id);
            return sandbox;
        } catch (RuntimeException e) {
            unwind.unwind(e);
            throw e;
        }
    }

    /** CNI's view of the pod; also what StopPodSandbox detaches with. */
    static PodAttachment attachment(String id, PodConfig config, PodNamespaces namespaces) {
        SandboxMetadata m = config.metadata();
        List<PodAttachment.PortMapping> ports = config.portMappings().stream()
                .filter(p -> p.hostPort() > 0) // CNI portmap maps host ports only; the rest need none
                .map(p -> new PodAttachment.PortMapping(p.hostPort(), p.containerPort(), p.protocol(), p.hostIp()))
                .toList();
        Optional<PodAttachment.Dns> dns =
                config.dns().map(d -> new PodAttachment.Dns(d.servers(), d.searches(), d.options()));
        return new PodAttachment(
                id,
                m.name(),
                m.namespace(),
                m.uid(),
                Path.of(namespaces.net()),
                ports,
                BandwidthAnnotations.of(config.annotations()),
                dns,
                List.of());
    }

    /**
     * Reserves the name; a holder with no record that no run of this process is working on is
     * what a crash in the middle of an earlier run left (containerd#9459: kubelet would retry
     * into ALREADY_EXISTS forever), so its reservation is taken over. Returns that stale id.
     */
    private String reserve(MetadataStore.Transaction tx, String name, String id) {
        String stale = null;
        Optional<String> holder = tx.nameHolder(ObjectKind.SANDBOX, name);
        if (holder.isPresent()
                && tx.get(ObjectKind.SANDBOX, holder.get()).isEmpty()
                && !inFlight.contains(holder.get())) {
            stale = holder.get();
            LOG.warn("name {} was held by {}, which has no record (an interrupted run): taking it over", name, stale);
            tx.releaseName(ObjectKind.SANDBOX, name);
        }
        tx.reserveName(ObjectKind.SANDBOX, name, id);
        return stale;
    }

    /** Best effort: the pins and files an interrupted run may have left. */
    private void cleanStale(String staleId) {
        try {
            parts.pinner().unpin(staleId, PodNamespaces.HOST);
            parts.files().remove(staleId);
        } catch (RuntimeException e) {
            LOG.warn("cannot clean what interrupted run {} left: {}", staleId, e.getMessage());
        }
    }

    private void releaseName(String name, String id) {
        parts.store().inTransaction(tx -> {
            if (tx.nameHolder(ObjectKind.SANDBOX, name).filter(id::equals).isPresent()) {
                tx.releaseName(ObjectKind.SANDBOX, name);
            }
            return null;
        });
    }

    static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    /** Runs one step; its error keeps its kind and gains the step's name. */
    private static <T> T step(String what, Supplier<T> work) {
        try {
            return work.get();
        } catch (CortadoException e) {
            throw new CortadoException(e.kind(), "run pod sandbox: " + what + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new CortadoException(ErrorKind.INTERNAL, "run pod sandbox: " + what + ": " + e, e);
        }
    }
}

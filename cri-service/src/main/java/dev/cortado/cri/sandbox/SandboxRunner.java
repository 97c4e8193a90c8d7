package dev.cortado.cri.sandbox;

import dev.cortado.cri.network.PodAttachment;
import dev.cortado.cri.network.PodNetworkStatus;
import dev.cortado.cri.store.Ids;
import dev.cortado.cri.store.ObjectKind;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * RunPodSandbox, step by step as DESIGN.md orders it: reserve the name, create and pin the
 * namespaces, make the pod cgroup, start the PID namespace init, attach the network (CNI ADD,
 * skipped for host network), write the pod's files, persist READY. A failing step unwinds every
 * earlier one (CNI DEL, unmount, cgroup, name), and the error names the step, keeping its kind.
 */
final class SandboxRunner {
    private final SandboxParts parts;
    private final SandboxCodec codec;

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
            step("reserve name " + name, () -> parts.store().inTransaction(tx -> {
                tx.reserveName(ObjectKind.SANDBOX, name, id);
                return null;
            }));
            unwind.onFailure("release name " + name, () -> releaseName(name, id));
            long createdAt = nanos(parts.clock().instant());
            String hostname = parts.files().hostname(config);
            PodNamespaces namespaces = step("create namespaces",
                    () -> parts.pinner().pin(id, config.namespaces(), hostname, config.sysctls()));
            unwind.onFailure("unpin namespaces", () -> parts.pinner().unpin(id, namespaces));
            String cgroup = step("create pod cgroup", () -> parts.cgroups().create(id, config.cgroupParent()));
            unwind.onFailure("remove pod cgroup " + cgroup, () -> parts.cgroups().remove(cgroup));
            PodNamespaces withPid = namespaces;
            if (config.namespaces().pid() == NamespaceMode.POD) {
                Path pin = parts.pinner().dir(id).resolve("pid");
                PodInit.Started init = step("start pid namespace init", () -> parts.init().start(id, pin));
                unwind.onFailure("stop pid namespace init", () -> parts.init().stop(init.pid(), init.startTime()));
                step("move init into pod cgroup", () -> {
                    parts.cgroups().addProcess(cgroup, init.pid());
                    return null;
                });
                withPid = namespaces.withPid(pin.toString(), init.pid(), init.startTime());
            }
            SandboxNetwork network = SandboxNetwork.NONE;
            if (!config.namespaces().hostNetwork()) {
                PodAttachment attachment = attachment(id, config, namespaces);
                PodNetworkStatus status = step("attach network", () -> parts.network().attach(attachment));
                unwind.onFailure("detach network", () -> parts.network().detach(attachment));
                network = new SandboxNetwork(status.ips(), status.networkName(), status.resultJson());
            }
            String ip = network.primaryIp();
            step("write pod files", () -> {
                parts.files().create(id, config, ip);
                return null;
            });
            unwind.onFailure("remove pod files", () -> parts.files().remove(id));
            Sandbox sandbox = new Sandbox(id, config, SandboxState.READY, createdAt, network, withPid, cgroup,
                    parts.bootId().get());
            step("persist sandbox", () -> parts.store().inTransaction(tx -> {
                tx.put(codec.encode(sandbox));
                return null;
            }));
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
        Optional<PodAttachment.Dns> dns = config.dns()
                .map(d -> new PodAttachment.Dns(d.servers(), d.searches(), d.options()));
        return new PodAttachment(id, m.name(), m.namespace(), m.uid(), Path.of(namespaces.net()), ports,
                Optional.empty(), dns, List.of());
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

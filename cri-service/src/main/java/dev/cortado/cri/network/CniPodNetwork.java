package dev.cortado.cri.network;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Pod networking through CNI plugins, as containerd's CRI plugin does it with go-cni: the
 * loopback plugin brings up {@code lo}, then the first network config of the conf dir (read
 * again on every ADD, so it follows the dir live) runs as a chain on {@code eth0}. What ADD ran
 * and returned is cached per pod so DEL undoes exactly that. Calls for different pods run in
 * parallel; calls for one pod are serialized.
 */
public final class CniPodNetwork implements PodNetwork {
    private static final Logger LOG = LoggerFactory.getLogger(CniPodNetwork.class);
    static final String IF_NAME = "eth0";
    /** go-cni's loopback network (containerd's default, use_internal_loopback = false). */
    private static final NetworkChain LOOPBACK = NetworkChain.parseList(
            "{\"cniVersion\":\"0.3.1\",\"name\":\"cni-loopback\",\"plugins\":[{\"type\":\"loopback\"}]}");

    private final Path confDir;
    private final CniConfigLoader loader = new CniConfigLoader();
    private final ChainRunner runner;
    private final ResultCache cache;
    private final Optional<PodCidrTemplate> template;
    private final Object[] podLocks = new Object[64];
    private final Object templateLock = new Object();

    public CniPodNetwork(CniSettings settings, PluginExecutor executor) {
        this.confDir = settings.confDir();
        this.runner = new ChainRunner(new PluginDirs(settings.binDirs()), executor, settings.pluginTimeout());
        this.cache = new ResultCache(settings.cacheDir());
        this.template = settings.confTemplate().map(PodCidrTemplate::new);
        for (int i = 0; i < podLocks.length; i++) {
            podLocks[i] = new Object();
        }
    }

    @Override
    public PodNetworkStatus attach(PodAttachment pod) {
        String id = PodIdentity.containerId(pod);
        String cniArgs = PodIdentity.cniArgs(pod);
        Map<String, JsonNode> capabilityArgs = CapabilityArgs.of(pod);
        synchronized (lockFor(id)) {
            clearInterruptedAdd(pod, id);
            NetworkChain chain = NetworkChain.of(currentNetwork(id));
            ResultCache.Entry entry =
                    new ResultCache.Entry(id, IF_NAME, cniArgs, chain.listJson(), capabilityArgs, null);
            // Written first: a crash during ADD leaves an entry, so a later detach still runs DEL.
            cache.put(entry);
            String netns = pod.netnsPath().toString();
            ChainRunner.Call lo = new ChainRunner.Call(id, netns, "lo", cniArgs, Map.of());
            ChainRunner.AddOutcome loopback = runner.add(LOOPBACK, lo);
            if (loopback.failure() != null) {
                throw rollback(chain, entry, netns, 0, loopback.failure());
            }
            ChainRunner.Call call = new ChainRunner.Call(id, netns, IF_NAME, cniArgs, capabilityArgs);
            ChainRunner.AddOutcome added = runner.add(chain, call);
            if (added.failure() != null) {
                throw rollback(chain, entry, netns, added.touched(), added.failure());
            }
            try {
                List<String> ips = CniResult.podIps(added.result(), IF_NAME);
                if (ips.isEmpty()) {
                    throw new IllegalArgumentException("no address for " + IF_NAME);
                }
                cache.put(entry.withResult(added.result()));
                return new PodNetworkStatus(ips, chain.name(), added.result().toString());
            } catch (IllegalArgumentException e) {
                throw rollback(
                        chain,
                        entry,
                        netns,
                        chain.size(),
                        new CortadoException(
                                ErrorKind.INTERNAL,
                                "cni ADD of pod " + id + " in network \"" + chain.name() + "\": unusable result: "
                                        + e.getMessage(),
                                e));
            } catch (CortadoException e) {
                throw rollback(chain, entry, netns, chain.size(), e);
            }
        }
    }

    /**
     * CRI StopPodSandbox may be called many times and after a reboot, and CNI DEL must succeed for
     * a missing netns (SPEC.md "DEL"), so: no cache entry means never attached or already
     * detached, nothing to do; a netns that is gone is passed as an empty CNI_NETNS so that the
     * plugins still release what lives outside it (IPs, iptables rules). A failing DEL keeps the
     * entry and throws, so that the caller's retry runs it again.
     */
    @Override
    public void detach(PodAttachment pod) {
        String id = PodIdentity.containerId(pod);
        synchronized (lockFor(id)) {
            Optional<ResultCache.Entry> cached = cachedOrFallback(pod, id);
            if (cached.isEmpty()) {
                return;
            }
            ResultCache.Entry entry = cached.get();
            String netns = Files.exists(pod.netnsPath()) ? pod.netnsPath().toString() : "";
            NetworkChain chain = NetworkChain.parseList(entry.networkList());
            runner.del(
                    chain,
                    new ChainRunner.Call(id, netns, entry.ifName(), entry.cniArgs(), entry.capabilityArgs()),
                    entry.result(),
                    chain.size());
            delLoopback(id, netns, entry.cniArgs());
            cache.remove(id);
        }
    }

    /**
     * An entry with a result means the pod is attached: a second ADD would clash with the first
     * (and its rollback would undo both). One without a result is an ADD cut short by a crash:
     * its DEL runs first, so the new ADD starts clean.
     */
    private void clearInterruptedAdd(PodAttachment pod, String id) {
        Optional<ResultCache.Entry> previous = cachedOrFallback(pod, id);
        if (previous.isEmpty()) {
            return;
        }
        ResultCache.Entry entry = previous.get();
        NetworkChain chain = NetworkChain.parseList(entry.networkList());
        if (entry.result() != null) {
            throw CortadoException.failedPrecondition(
                    "pod %s is already attached to network \"%s\"; detach it first", id, chain.name());
        }
        LOG.info(
                "pod {} has an unfinished ADD in network \"{}\" (cortado stopped during it): deleting it first",
                id,
                chain.name());
        String netns = Files.exists(pod.netnsPath()) ? pod.netnsPath().toString() : "";
        runner.del(
                chain,
                new ChainRunner.Call(id, netns, entry.ifName(), entry.cniArgs(), entry.capabilityArgs()),
                null,
                chain.size());
        cache.remove(id);
    }

    @Override
    public void updatePodCidr(String podCidr) {
        if (podCidr == null || podCidr.isBlank()) {
            return;
        }
        List<String> cidrs = PodCidrTemplate.parseCidrs(podCidr);
        if (template.isEmpty()) {
            LOG.info(
                    "pod cidr {} received, but no cni.conf_template is configured: waiting for a network config in {}",
                    podCidr,
                    confDir);
            return;
        }
        synchronized (templateLock) {
            Optional<CniNetwork> present = loader.load(confDir).network();
            if (present.isPresent()) {
                LOG.info(
                        "network config {} is present: not writing one from template {}",
                        present.get().source(),
                        template.get());
                return;
            }
            Path written = template.get().writeInto(confDir, cidrs);
            LOG.info("wrote network config {} from template {} for pod cidr {}", written, template.get(), podCidr);
        }
    }

    private CniNetwork currentNetwork(String id) {
        CniConfigLoader.Result result = loader.load(confDir);
        return result.network()
                .orElseThrow(() -> CortadoException.failedPrecondition(
                        "cannot attach pod %s: network not ready: %s", id, String.join("; ", result.problems())));
    }

    /** Undoes a failed ADD: DEL of the plugins that may have done something, then the cache entry. */
    private CortadoException rollback(
            NetworkChain chain, ResultCache.Entry entry, String netns, int touched, CortadoException failure) {
        String id = entry.containerId();
        try {
            runner.del(
                    chain,
                    new ChainRunner.Call(id, netns, IF_NAME, entry.cniArgs(), entry.capabilityArgs()),
                    null,
                    touched);
            delLoopback(id, netns, entry.cniArgs());
            cache.remove(id);
        } catch (CortadoException e) {
            failure.addSuppressed(e);
            LOG.warn(
                    "cni rollback of pod {} failed, its cache entry stays so that detach retries: {}",
                    id,
                    e.getMessage());
        }
        return failure;
    }

    /** lo lives and dies with the netns; its DEL changes nothing outside, so a failure is only logged. */
    private void delLoopback(String id, String netns, String cniArgs) {
        try {
            runner.del(LOOPBACK, new ChainRunner.Call(id, netns, "lo", cniArgs, Map.of()), null, 1);
        } catch (CortadoException e) {
            LOG.warn("loopback DEL of pod {} failed: {}", id, e.getMessage());
        }
    }

    /** A corrupt entry must not make the pod undeletable: DEL with today's config, as containerd always does. */
    private Optional<ResultCache.Entry> cachedOrFallback(PodAttachment pod, String id) {
        try {
            return cache.get(id);
        } catch (IllegalArgumentException e) {
            Optional<CniNetwork> network = loader.load(confDir).network();
            LOG.warn(
                    "{}; running DEL of pod {} with the current network config {}",
                    e.getMessage(),
                    id,
                    network.map(n -> n.source().toString()).orElse("(none: nothing to run)"));
            if (network.isEmpty()) {
                cache.remove(id);
                return Optional.empty();
            }
            return Optional.of(new ResultCache.Entry(
                    id,
                    IF_NAME,
                    PodIdentity.cniArgs(pod),
                    NetworkChain.of(network.get()).listJson(),
                    CapabilityArgs.of(pod),
                    null));
        }
    }

    private Object lockFor(String id) {
        return podLocks[Math.floorMod(id.hashCode(), podLocks.length)];
    }
}

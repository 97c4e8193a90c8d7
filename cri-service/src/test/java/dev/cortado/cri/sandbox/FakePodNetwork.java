package dev.cortado.cri.sandbox;

import dev.cortado.cri.network.PodAttachment;
import dev.cortado.cri.network.PodNetwork;
import dev.cortado.cri.network.PodNetworkStatus;
import dev.cortado.errors.CortadoException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Hands out 10.88.0.N per attached pod. */
final class FakePodNetwork implements PodNetwork {
    final Map<String, String> attached = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger(2);
    volatile boolean fail;
    volatile String podCidr = "";
    final AtomicInteger detaches = new AtomicInteger();

    @Override
    public PodNetworkStatus attach(PodAttachment attachment) {
        if (fail) {
            throw CortadoException.unavailable("plugin bridge failed: injected");
        }
        String ip = "10.88.0." + next.getAndIncrement();
        attached.put(attachment.sandboxId(), ip);
        return new PodNetworkStatus(List.of(ip, "fd00::" + ip.substring(8)), "fake-net", "{}");
    }

    @Override
    public void detach(PodAttachment attachment) {
        detaches.incrementAndGet();
        attached.remove(attachment.sandboxId());
    }

    @Override
    public void updatePodCidr(String cidr) {
        podCidr = cidr;
    }
}

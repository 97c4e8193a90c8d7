package dev.cortado.cri.status;

import dev.cortado.cri.network.NetworkReadiness;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Computes the CRI runtime conditions on every Status call (they are cheap file checks, and a
 * cached answer would hide a shim or CNI config that appeared or vanished since).
 */
public final class RuntimeConditions {
    /** The reason containerd gives, which kubelet shows on the node. */
    static final String NETWORK_NOT_READY = "NetworkPluginNotReady";

    private final List<ReadinessCheck> runtimeChecks;
    private final NetworkReadiness network;

    public RuntimeConditions(List<ReadinessCheck> runtimeChecks, NetworkReadiness network) {
        this.runtimeChecks = List.copyOf(runtimeChecks);
        this.network = network;
    }

    /** A snapshot: the two conditions plus, per check, what it found (for verbose status). */
    public record Report(List<Condition> conditions, Map<String, String> checks, NetworkReadiness.Status network) {
        public Report {
            conditions = List.copyOf(conditions);
            checks = Map.copyOf(checks);
        }
    }

    public Report report() {
        Map<String, String> checks = new LinkedHashMap<>();
        List<ReadinessCheck.Failure> failures = new ArrayList<>();
        for (ReadinessCheck check : runtimeChecks) {
            Optional<ReadinessCheck.Failure> failure = check.check();
            failure.ifPresent(failures::add);
            checks.put(
                    check.name(),
                    failure.map(f -> f.reason() + ": " + f.message()).orElse("ok"));
        }
        Condition runtime = failures.isEmpty()
                ? Condition.ready(Condition.RUNTIME_READY)
                : Condition.notReady(
                        Condition.RUNTIME_READY,
                        failures.get(0).reason(),
                        String.join(
                                "; ",
                                failures.stream()
                                        .map(ReadinessCheck.Failure::message)
                                        .toList()));
        NetworkReadiness.Status net = network.check();
        Condition network = net.ready()
                ? Condition.ready(Condition.NETWORK_READY)
                : Condition.notReady(Condition.NETWORK_READY, NETWORK_NOT_READY, net.message());
        return new Report(List.of(runtime, network), checks, net);
    }
}

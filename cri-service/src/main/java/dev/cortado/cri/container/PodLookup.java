package dev.cortado.cri.container;

import dev.cortado.cri.spec.PodFacts;
import java.util.Objects;

/**
 * The pods containers are created in, as the container service needs them; production reads
 * {@code cri.sandbox.SandboxService} ({@link SandboxPods}), tests pass a map.
 */
public interface PodLookup {
    /** The pod with this id or unique prefix; NOT_FOUND naming it when there is none. */
    Pod get(String idOrPrefix);

    /**
     * A pod as its containers see it.
     *
     * @param id the pod's full id
     * @param ready whether it is READY (containers are created only in a ready pod)
     * @param runtimeHandler the handler its containers run with
     * @param logDirectory kubelet's {@code log_directory}, empty for none
     * @param facts its namespaces and files, for the spec
     * @param bootId the boot the pod's namespaces belong to
     */
    record Pod(String id, boolean ready, String runtimeHandler, String logDirectory, PodFacts facts, String bootId) {
        public Pod {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(runtimeHandler, "runtimeHandler");
            logDirectory = Objects.requireNonNullElse(logDirectory, "");
            Objects.requireNonNull(facts, "facts");
            bootId = Objects.requireNonNullElse(bootId, "");
        }
    }
}

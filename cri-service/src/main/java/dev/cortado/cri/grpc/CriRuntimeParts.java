package dev.cortado.cri.grpc;

import dev.cortado.api.cri.v1.CgroupDriver;
import dev.cortado.cri.streaming.api.CriStreaming;
import java.util.Optional;

/**
 * The feature RPCs a {@link CriRuntimeService} serves beside pods; each one absent answers
 * UNIMPLEMENTED ("Method runtime.v1.RuntimeService/X is unimplemented"), as a test wiring only
 * some of them needs.
 *
 * @param containers the container RPCs
 * @param stats the stats and metrics RPCs
 * @param cgroupDriver what RuntimeConfig reports (the {@code [runtime] cgroup_driver} in use)
 * @param streaming Exec, Attach and PortForward
 * @param checkpoints CheckpointContainer, CheckpointPod and RestorePod
 */
public record CriRuntimeParts(
        Optional<CriContainers> containers,
        Optional<CriStats> stats,
        Optional<CgroupDriver> cgroupDriver,
        Optional<CriStreaming> streaming,
        Optional<CriCheckpoints> checkpoints) {
    /** None: only the pod RPCs, Version and Status answer. */
    public static CriRuntimeParts none() {
        return new CriRuntimeParts(
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public CriRuntimeParts withContainers(CriContainers rpcs) {
        return new CriRuntimeParts(Optional.of(rpcs), stats, cgroupDriver, streaming, checkpoints);
    }

    public CriRuntimeParts withStats(CriStats rpcs, CgroupDriver driver) {
        return new CriRuntimeParts(containers, Optional.of(rpcs), Optional.of(driver), streaming, checkpoints);
    }

    public CriRuntimeParts withStreaming(CriStreaming rpcs) {
        return new CriRuntimeParts(containers, stats, cgroupDriver, Optional.of(rpcs), checkpoints);
    }

    public CriRuntimeParts withCheckpoints(CriCheckpoints rpcs) {
        return new CriRuntimeParts(containers, stats, cgroupDriver, streaming, Optional.of(rpcs));
    }
}

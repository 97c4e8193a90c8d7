package dev.cortado.cri.spec;

import dev.cortado.api.cri.v1.LinuxContainerResources;
import dev.cortado.cgroups.CgroupException;
import dev.cortado.cgroups.resources.CriLinuxContainerResources;
import dev.cortado.cgroups.resources.HugepageLimit;
import dev.cortado.cgroups.resources.OciLinuxResources;
import dev.cortado.cgroups.resources.ResourcesMapper;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.util.List;

/**
 * CRI container resources as OCI {@code linux.resources}, as containerd's {@code WithResources}:
 * zero means not set; a memory limit without a swap limit also sets swap to the limit (no swap
 * unless kubelet asks). The cgroups library validates the values first ({@link
 * ResourcesMapper#fromCri}), so a limit the shim would refuse is refused here, at create time.
 */
final class ResourcesBuilder {
    private ResourcesBuilder() {}

    /** The resources with {@code deviceRules}; limits only when kubelet sent resources. */
    static OciLinux.Resources build(boolean present, LinuxContainerResources r, List<OciLinux.DeviceRule> deviceRules) {
        if (!present) {
            return new OciLinux.Resources(deviceRules, null, null, List.of(), java.util.Map.of());
        }
        List<HugepageLimit> hugepages;
        try {
            hugepages = r.getHugepageLimitsList().stream()
                    .map(h -> new HugepageLimit(h.getPageSize(), h.getLimit()))
                    .toList();
            ResourcesMapper.fromCri(new CriLinuxContainerResources(
                    r.getCpuPeriod(),
                    r.getCpuQuota(),
                    r.getCpuShares(),
                    r.getMemoryLimitInBytes(),
                    r.getOomScoreAdj(),
                    r.getCpusetCpus(),
                    r.getCpusetMems(),
                    hugepages,
                    r.getUnifiedMap(),
                    r.getMemorySwapLimitInBytes()));
        } catch (CgroupException | IllegalArgumentException e) {
            throw new CortadoException(ErrorKind.INVALID_ARGUMENT, "invalid container resources: " + e.getMessage(), e);
        }
        Long limit = nz(r.getMemoryLimitInBytes());
        Long swap = nz(r.getMemorySwapLimitInBytes());
        if (swap == null) {
            swap = limit;
        }
        OciLinuxResources.Memory memory = limit == null && swap == null
                ? null
                : OciLinuxResources.Memory.builder().limit(limit).swap(swap).build();
        String cpus = r.getCpusetCpus().isEmpty() ? null : r.getCpusetCpus();
        String mems = r.getCpusetMems().isEmpty() ? null : r.getCpusetMems();
        Long shares = nz(r.getCpuShares());
        Long quota = nz(r.getCpuQuota());
        Long period = nz(r.getCpuPeriod());
        OciLinuxResources.Cpu cpu = shares == null && quota == null && period == null && cpus == null && mems == null
                ? null
                : OciLinuxResources.Cpu.builder()
                        .shares(shares)
                        .quota(quota)
                        .period(period)
                        .cpus(cpus)
                        .mems(mems)
                        .build();
        return new OciLinux.Resources(deviceRules, memory, cpu, hugepages, r.getUnifiedMap());
    }

    /**
     * The process's oom_score_adj: kubelet's value when it sent resources, raised to the daemon's
     * own when restrict_oom_score_adj is on; null (inherit) without resources.
     */
    static Integer oomScoreAdj(boolean present, LinuxContainerResources r, RuntimeOptions options) {
        if (!present) {
            return null;
        }
        long adj = r.getOomScoreAdj();
        if (adj < -1000 || adj > 1000) {
            throw CortadoException.invalidArgument("oom_score_adj %d is not in -1000..1000", adj);
        }
        if (options.restrictOomScoreAdj() && adj < options.daemonOomScoreAdj()) {
            adj = options.daemonOomScoreAdj();
        }
        return (int) adj;
    }

    private static Long nz(long v) {
        return v == 0 ? null : v;
    }
}

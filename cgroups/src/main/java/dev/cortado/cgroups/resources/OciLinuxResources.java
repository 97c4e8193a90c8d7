package dev.cortado.cgroups.resources;

import java.util.List;
import java.util.Map;

/**
 * Plain mirror of the OCI runtime-spec {@code LinuxResources} (the part cgroup v2 can use), filled
 * by whatever parses the bundle's config.json or a Task Update; null means the JSON field was
 * absent. Devices are left out on purpose: on cgroup v2 they are an eBPF program, not files.
 *
 * @param memory {@code memory}
 * @param cpu {@code cpu}
 * @param pids {@code pids.limit}, null when absent
 * @param blockIO {@code blockIO}
 * @param hugepageLimits {@code hugepageLimits}
 * @param rdma {@code rdma}, by device name
 * @param unified {@code unified}
 */
public record OciLinuxResources(Memory memory, Cpu cpu, Long pids, BlockIo blockIO,
        List<HugepageLimit> hugepageLimits, Map<String, RdmaLimit> rdma, Map<String, String> unified) {

    /** Copies the collections (absent ones become empty). */
    public OciLinuxResources {
        hugepageLimits = hugepageLimits == null ? List.of() : List.copyOf(hugepageLimits);
        rdma = rdma == null ? Map.of() : Map.copyOf(rdma);
        unified = unified == null ? Map.of() : Map.copyOf(unified);
    }

    /** OCI {@code memory}; kernel and kernelTCP are deprecated and ignored, as runc does on v2. */
    public record Memory(Long limit, Long reservation, Long swap, Long kernel, Long kernelTCP, Long swappiness,
            Boolean disableOOMKiller, Boolean checkBeforeUpdate) {}

    /** OCI {@code cpu}; realtime fields have no cgroup v2 file. */
    public record Cpu(Long shares, Long quota, Long burst, Long period, Long realtimeRuntime, Long realtimePeriod,
            String cpus, String mems, Long idle) {}

    /** OCI {@code blockIO}; leaf weights have no cgroup v2 file. */
    public record BlockIo(Integer weight, Integer leafWeight, List<IoResources.WeightDevice> weightDevice,
            List<IoResources.ThrottleDevice> throttleReadBpsDevice, List<IoResources.ThrottleDevice> throttleWriteBpsDevice,
            List<IoResources.ThrottleDevice> throttleReadIOPSDevice, List<IoResources.ThrottleDevice> throttleWriteIOPSDevice) {
        /** Absent lists become empty. */
        public BlockIo {
            weightDevice = weightDevice == null ? List.of() : List.copyOf(weightDevice);
            throttleReadBpsDevice = throttleReadBpsDevice == null ? List.of() : List.copyOf(throttleReadBpsDevice);
            throttleWriteBpsDevice = throttleWriteBpsDevice == null ? List.of() : List.copyOf(throttleWriteBpsDevice);
            throttleReadIOPSDevice = throttleReadIOPSDevice == null ? List.of() : List.copyOf(throttleReadIOPSDevice);
            throttleWriteIOPSDevice = throttleWriteIOPSDevice == null ? List.of() : List.copyOf(throttleWriteIOPSDevice);
        }
    }
}

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
public record OciLinuxResources(
        Memory memory,
        Cpu cpu,
        Long pids,
        BlockIo blockIO,
        List<HugepageLimit> hugepageLimits,
        Map<String, RdmaLimit> rdma,
        Map<String, String> unified) {

    /** Copies the collections (absent ones become empty). */
    public OciLinuxResources {
        hugepageLimits = hugepageLimits == null ? List.of() : List.copyOf(hugepageLimits);
        rdma = rdma == null ? Map.of() : Map.copyOf(rdma);
        unified = unified == null ? Map.of() : Map.copyOf(unified);
    }

    /** A builder with every field absent. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this record's values. */
    public Builder toBuilder() {
        return new Builder()
                .memory(memory)
                .cpu(cpu)
                .pids(pids)
                .blockIO(blockIO)
                .hugepageLimits(hugepageLimits)
                .rdma(rdma)
                .unified(unified);
    }

    /** OCI {@code memory}; kernel and kernelTCP are deprecated and ignored, as runc does on v2. */
    public record Memory(
            Long limit,
            Long reservation,
            Long swap,
            Long kernel,
            Long kernelTCP,
            Long swappiness,
            Boolean disableOOMKiller,
            Boolean checkBeforeUpdate) {
        /** A builder with every field absent. */
        public static MemoryBuilder builder() {
            return new MemoryBuilder();
        }

        /** A builder starting from this record's values. */
        public MemoryBuilder toBuilder() {
            return new MemoryBuilder()
                    .limit(limit)
                    .reservation(reservation)
                    .swap(swap)
                    .kernel(kernel)
                    .kernelTCP(kernelTCP)
                    .swappiness(swappiness)
                    .disableOOMKiller(disableOOMKiller)
                    .checkBeforeUpdate(checkBeforeUpdate);
        }
    }

    /** OCI {@code cpu}; realtime fields have no cgroup v2 file. */
    public record Cpu(
            Long shares,
            Long quota,
            Long burst,
            Long period,
            Long realtimeRuntime,
            Long realtimePeriod,
            String cpus,
            String mems,
            Long idle) {
        /** A builder with every field absent. */
        public static CpuBuilder builder() {
            return new CpuBuilder();
        }

        /** A builder starting from this record's values. */
        public CpuBuilder toBuilder() {
            return new CpuBuilder()
                    .shares(shares)
                    .quota(quota)
                    .burst(burst)
                    .period(period)
                    .realtimeRuntime(realtimeRuntime)
                    .realtimePeriod(realtimePeriod)
                    .cpus(cpus)
                    .mems(mems)
                    .idle(idle);
        }
    }

    /** OCI {@code blockIO}; leaf weights have no cgroup v2 file. */
    public record BlockIo(
            Integer weight,
            Integer leafWeight,
            List<IoResources.WeightDevice> weightDevice,
            List<IoResources.ThrottleDevice> throttleReadBpsDevice,
            List<IoResources.ThrottleDevice> throttleWriteBpsDevice,
            List<IoResources.ThrottleDevice> throttleReadIOPSDevice,
            List<IoResources.ThrottleDevice> throttleWriteIOPSDevice) {
        /** Absent lists become empty. */
        public BlockIo {
            weightDevice = weightDevice == null ? List.of() : List.copyOf(weightDevice);
            throttleReadBpsDevice = throttleReadBpsDevice == null ? List.of() : List.copyOf(throttleReadBpsDevice);
            throttleWriteBpsDevice = throttleWriteBpsDevice == null ? List.of() : List.copyOf(throttleWriteBpsDevice);
            throttleReadIOPSDevice = throttleReadIOPSDevice == null ? List.of() : List.copyOf(throttleReadIOPSDevice);
            throttleWriteIOPSDevice =
                    throttleWriteIOPSDevice == null ? List.of() : List.copyOf(throttleWriteIOPSDevice);
        }
    }

    /** Builds {@link OciLinuxResources} by name instead of seven positional parts; unset parts are absent. */
    public static final class Builder {
        private Memory memory;
        private Cpu cpu;
        private Long pids;
        private BlockIo blockIO;
        private List<HugepageLimit> hugepageLimits;
        private Map<String, RdmaLimit> rdma;
        private Map<String, String> unified;

        private Builder() {}

        public Builder memory(Memory v) {
            memory = v;
            return this;
        }

        public Builder cpu(Cpu v) {
            cpu = v;
            return this;
        }

        public Builder pids(Long v) {
            pids = v;
            return this;
        }

        public Builder blockIO(BlockIo v) {
            blockIO = v;
            return this;
        }

        public Builder hugepageLimits(List<HugepageLimit> v) {
            hugepageLimits = v;
            return this;
        }

        public Builder rdma(Map<String, RdmaLimit> v) {
            rdma = v;
            return this;
        }

        public Builder unified(Map<String, String> v) {
            unified = v;
            return this;
        }

        public OciLinuxResources build() {
            return new OciLinuxResources(memory, cpu, pids, blockIO, hugepageLimits, rdma, unified);
        }
    }

    /** Builds {@link Memory} by name; unset fields are absent. */
    public static final class MemoryBuilder {
        private Long limit;
        private Long reservation;
        private Long swap;
        private Long kernel;
        private Long kernelTCP;
        private Long swappiness;
        private Boolean disableOOMKiller;
        private Boolean checkBeforeUpdate;

        private MemoryBuilder() {}

        public MemoryBuilder limit(Long v) {
            limit = v;
            return this;
        }

        public MemoryBuilder reservation(Long v) {
            reservation = v;
            return this;
        }

        public MemoryBuilder swap(Long v) {
            swap = v;
            return this;
        }

        public MemoryBuilder kernel(Long v) {
            kernel = v;
            return this;
        }

        public MemoryBuilder kernelTCP(Long v) {
            kernelTCP = v;
            return this;
        }

        public MemoryBuilder swappiness(Long v) {
            swappiness = v;
            return this;
        }

        public MemoryBuilder disableOOMKiller(Boolean v) {
            disableOOMKiller = v;
            return this;
        }

        public MemoryBuilder checkBeforeUpdate(Boolean v) {
            checkBeforeUpdate = v;
            return this;
        }

        public Memory build() {
            return new Memory(
                    limit, reservation, swap, kernel, kernelTCP, swappiness, disableOOMKiller, checkBeforeUpdate);
        }
    }

    /** Builds {@link Cpu} by name; unset fields are absent. */
    public static final class CpuBuilder {
        private Long shares;
        private Long quota;
        private Long burst;
        private Long period;
        private Long realtimeRuntime;
        private Long realtimePeriod;
        private String cpus;
        private String mems;
        private Long idle;

        private CpuBuilder() {}

        public CpuBuilder shares(Long v) {
            shares = v;
            return this;
        }

        public CpuBuilder quota(Long v) {
            quota = v;
            return this;
        }

        public CpuBuilder burst(Long v) {
            burst = v;
            return this;
        }

        public CpuBuilder period(Long v) {
            period = v;
            return this;
        }

        public CpuBuilder realtimeRuntime(Long v) {
            realtimeRuntime = v;
            return this;
        }

        public CpuBuilder realtimePeriod(Long v) {
            realtimePeriod = v;
            return this;
        }

        public CpuBuilder cpus(String v) {
            cpus = v;
            return this;
        }

        public CpuBuilder mems(String v) {
            mems = v;
            return this;
        }

        public CpuBuilder idle(Long v) {
            idle = v;
            return this;
        }

        public Cpu build() {
            return new Cpu(shares, quota, burst, period, realtimeRuntime, realtimePeriod, cpus, mems, idle);
        }
    }
}

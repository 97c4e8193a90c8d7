package dev.cortado.cgroups.resources;

import static dev.cortado.cgroups.resources.Checks.check;

import java.util.List;

/**
 * Block I/O weight and throttling, in OCI {@code blockIO} units.
 *
 * @param weight blkio weight 10..1000 (converted to {@code io.weight}), null for not set
 * @param weightDevices per-device weights
 * @param readBps read bytes per second per device ({@code io.max rbps})
 * @param writeBps write bytes per second per device ({@code wbps})
 * @param readIops read operations per second per device ({@code riops})
 * @param writeIops write operations per second per device ({@code wiops})
 */
public record IoResources(
        Integer weight,
        List<WeightDevice> weightDevices,
        List<ThrottleDevice> readBps,
        List<ThrottleDevice> writeBps,
        List<ThrottleDevice> readIops,
        List<ThrottleDevice> writeIops) {
    /** No I/O settings. */
    public static final IoResources NONE = new IoResources(null, List.of(), List.of(), List.of(), List.of(), List.of());

    /** Validates the weight and copies the lists. */
    public IoResources {
        check(weight == null || (weight >= 10 && weight <= 1000), "blkio weight must be in 10..1000, got " + weight);
        weightDevices = List.copyOf(weightDevices);
        readBps = List.copyOf(readBps);
        writeBps = List.copyOf(writeBps);
        readIops = List.copyOf(readIops);
        writeIops = List.copyOf(writeIops);
    }

    /** Returns whether any field is set. */
    public boolean isSet() {
        return weight != null
                || !weightDevices.isEmpty()
                || !readBps.isEmpty()
                || !writeBps.isEmpty()
                || !readIops.isEmpty()
                || !writeIops.isEmpty();
    }

    /** Returns a copy with another default weight. */
    public IoResources withWeight(Integer w) {
        return new IoResources(w, weightDevices, readBps, writeBps, readIops, writeIops);
    }

    /** Returns a copy with these read bandwidth limits. */
    public IoResources withReadBps(ThrottleDevice... devices) {
        return new IoResources(weight, weightDevices, List.of(devices), writeBps, readIops, writeIops);
    }

    /** A per-device weight (10..1000 in blkio units). */
    public record WeightDevice(long major, long minor, int weight) {
        /** Validates the device numbers and weight. */
        public WeightDevice {
            check(major >= 0 && minor >= 0, "device numbers must be non-negative");
            check(weight >= 10 && weight <= 1000, "blkio device weight must be in 10..1000, got " + weight);
        }
    }

    /** A per-device rate; 0 means no limit ("max"), as in runc's io.max handling of OCI. */
    public record ThrottleDevice(long major, long minor, long rate) {
        /** Validates the device numbers and rate. */
        public ThrottleDevice {
            check(major >= 0 && minor >= 0, "device numbers must be non-negative");
            check(rate >= 0, "io rate must be non-negative, got " + rate);
        }
    }
}

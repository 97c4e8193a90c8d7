package dev.cortado.cri.stats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Names block devices as cAdvisor's {@code device} label does ({@code /dev/vda}): the target of
 * {@code /sys/dev/block/<major>:<minor>} ends in the kernel's name for it. A device sysfs does not
 * know keeps its numbers ({@code 254:0}). Names are cached: a major:minor pair does not change
 * its device while it exists.
 */
final class BlockDevices {
    private final Path sysDevBlock;
    private final ConcurrentMap<String, String> names = new ConcurrentHashMap<>();

    /** @param sys {@code /sys} */
    BlockDevices(Path sys) {
        this.sysDevBlock = sys.resolve("dev/block");
    }

    String name(long major, long minor) {
        String numbers = major + ":" + minor;
        return names.computeIfAbsent(numbers, n -> {
            try {
                Path target = Files.readSymbolicLink(sysDevBlock.resolve(n));
                return target.getFileName() == null ? n : "/dev/" + target.getFileName();
            } catch (IOException | UnsupportedOperationException e) {
                return n;
            }
        });
    }
}

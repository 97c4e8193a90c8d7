package dev.cortado.cri.image.unpack;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The unpacked bytes one image may still use, shared by its layers that unpack in parallel; a
 * layer already unpacked for another image costs nothing, since it was checked when unpacked.
 */
public final class UnpackBudget {
    private final long limit;
    private final AtomicLong used = new AtomicLong();

    /** A budget of {@code limit} bytes. */
    public UnpackBudget(long limit) {
        this.limit = limit;
    }

    /** A budget that never runs out. */
    public static UnpackBudget unlimited() {
        return new UnpackBudget(Long.MAX_VALUE);
    }

    /** Takes {@code bytes} more; fails once the image has used more than its limit. */
    void charge(long bytes) {
        if (used.addAndGet(bytes) > limit) {
            throw new CortadoException(
                    ErrorKind.RESOURCE_EXHAUSTED,
                    "image unpacks to more than " + limit
                            + " bytes, the per-image limit; raise image.max_image_unpacked_bytes in the config file to allow it");
        }
    }

    /** Bytes charged so far. */
    public long used() {
        return used.get();
    }
}

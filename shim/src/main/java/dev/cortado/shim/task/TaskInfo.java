package dev.cortado.shim.task;

import dev.cortado.cgroups.controller.DroppedLimit;
import dev.cortado.shim.options.LimitPolicy;
import java.util.List;

/**
 * What a task's status shows beyond containerd's {@code State}: served as
 * {@code cortado.shim.v1.Tasks/Info}, for cortado's verbose CRI status.
 *
 * @param unenforceableLimits the task's policy for limits the host cannot enforce
 * @param droppedLimits the limits it runs without (only under {@link LimitPolicy#WARN})
 */
public record TaskInfo(LimitPolicy unenforceableLimits, List<DroppedLimit> droppedLimits) {
    /** Copies the list. */
    public TaskInfo {
        droppedLimits = List.copyOf(droppedLimits);
    }
}

package dev.cortado.cri.spec;

import dev.cortado.api.cri.v1.LinuxContainerResources;
import dev.cortado.errors.CortadoException;
import java.util.List;
import tools.jackson.core.JacksonException;

/**
 * CRI container resources as the OCI {@code LinuxResources} JSON a task's Update takes, mapped as
 * at create ({@link ResourcesBuilder}, containerd's {@code WithResources}: cpu shares, quota,
 * period and cpuset, memory limit and swap, hugepage limits, unified), without device rules
 * (Update does not change them). Invalid values are INVALID_ARGUMENT naming the field.
 */
public final class OciResources {
    private OciResources() {}

    /** The resources as OCI JSON; validated by the cgroups library as at create. */
    public static String updateJson(LinuxContainerResources resources) {
        OciLinux.Resources oci = ResourcesBuilder.build(true, resources, List.of());
        try {
            return OciJson.mapper().writeValueAsString(oci);
        } catch (JacksonException e) {
            throw CortadoException.internal("cannot write linux resources", e);
        }
    }
}

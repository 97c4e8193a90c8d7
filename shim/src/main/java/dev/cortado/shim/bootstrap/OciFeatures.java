package dev.cortado.shim.bootstrap;

import dev.cortado.shim.launch.CapabilityMask;
import dev.cortado.shim.launch.MountFlags;
import dev.cortado.shim.launch.NamespacePlan;
import dev.cortado.shim.linux.LibSeccomp;
import java.util.Collection;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OCI runtime-spec features document ({@code features.md}, what {@code runc features}
 * prints) that {@code -info} reports, built from the tables the launcher decides with.
 *
 * <p>containerd's CRI plugin trusts it: it uses recursive read-only mounts only if {@code rro}
 * is listed and idmapped mounts only if {@code linux.mountExtensions.idmap.enabled}, so every
 * entry must be what Cortado does. An empty list means "none" (a missing one "unknown").
 */
final class OciFeatures {
    /** The type URL containerd's typeurl registers for runtime-spec {@code features.Features}. */
    static final String TYPE_URL = "types.containerd.io/opencontainers/runtime-spec/1/features/Features";
    /** The runtime-spec versions we accept; SpecReader does not check {@code ociVersion}. */
    static final String OCI_VERSION_MIN = "1.0.0";

    static final String OCI_VERSION_MAX = "1.2.0";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The names the launcher recognizes, each from the table that decides it. */
    record Names(
            Collection<String> mountOptions,
            Collection<String> namespaces,
            Collection<String> capabilities,
            Collection<String> seccompActions,
            Collection<String> seccompOperators,
            Collection<String> seccompArchs) {

        /** Cortado's own tables. */
        static Names cortado() {
            return new Names(
                    MountFlags.recognized(),
                    NamespacePlan.ociTypes(),
                    CapabilityMask.ALL,
                    LibSeccomp.actions(),
                    LibSeccomp.operators(),
                    LibSeccomp.architectures());
        }
    }

    private OciFeatures() {}

    /** Cortado's features document as JSON. */
    static String json() {
        return json(Names.cortado());
    }

    /** The features document for {@code names}, with the fixed facts of how Cortado runs containers. */
    static String json(Names names) {
        ObjectNode root = JSON.createObjectNode();
        root.put("ociVersionMin", OCI_VERSION_MIN);
        root.put("ociVersionMax", OCI_VERSION_MAX);
        root.putArray("hooks"); // SpecReader ignores hooks: none runs
        strings(root.putArray("mountOptions"), names.mountOptions());
        root.putArray("potentiallyUnsafeConfigAnnotations"); // config.json annotations are not read
        ObjectNode linux = root.putObject("linux");
        strings(linux.putArray("namespaces"), names.namespaces());
        strings(linux.putArray("capabilities"), names.capabilities());
        // cgroup v2 only, through the cgroups module; systemd-form paths are made by us, no D-Bus
        linux.putObject("cgroup")
                .put("v1", false)
                .put("v2", true)
                .put("systemd", false)
                .put("systemdUser", false)
                .put("rdma", true);
        ObjectNode seccomp = linux.putObject("seccomp").put("enabled", true);
        strings(seccomp.putArray("actions"), names.seccompActions());
        strings(seccomp.putArray("operators"), names.seccompOperators());
        strings(seccomp.putArray("archs"), names.seccompArchs());
        seccomp.putArray("knownFlags"); // SeccompProfile has no flags
        seccomp.putArray("supportedFlags");
        linux.putObject("apparmor").put("enabled", false);
        linux.putObject("selinux").put("enabled", false);
        linux.putObject("intelRdt").put("enabled", false);
        linux.putObject("mountExtensions").putObject("idmap").put("enabled", false);
        linux.putObject("netDevices").put("enabled", false);
        return JSON.writeValueAsString(root);
    }

    private static void strings(ArrayNode array, Collection<String> values) {
        values.forEach(array::add);
    }
}

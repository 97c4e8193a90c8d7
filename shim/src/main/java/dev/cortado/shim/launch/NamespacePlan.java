package dev.cortado.shim.launch;

import dev.cortado.shim.spec.LinuxSpec;
import dev.cortado.shim.spec.ProcessSpec;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The namespace records of a plan: which namespaces a container gets new or joins by path,
 * the uid/gid maps of a new user namespace, and the joins of an exec process.
 */
public final class NamespacePlan {
    /** OCI namespace types to the kernel's names (those of /proc/PID/ns). */
    static final Map<String, String> TYPES = Map.of(
            "pid", "pid", "network", "net", "mount", "mnt", "ipc", "ipc", "uts", "uts", "user", "user", "cgroup",
            "cgroup");

    private NamespacePlan() {}

    /** The OCI namespace types a container may create or join: the OCI features' {@code namespaces}. */
    public static SortedSet<String> ociTypes() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(TYPES.keySet()));
    }

    /** Writes the {@code ns} and id map records; returns the kernel names of the new namespaces. */
    static Set<String> write(PlanWriter plan, LinuxSpec linux) {
        for (LinuxSpec.Namespace ns : linux.namespaces()) {
            String type = kernelName(ns.type());
            if (ns.path() == null) {
                plan.add("ns", type);
            } else {
                plan.add("ns", type, ns.path());
            }
        }
        Set<String> fresh = linux.namespaces().stream()
                .filter(n -> n.path() == null)
                .map(n -> TYPES.get(n.type()))
                .collect(Collectors.toSet());
        idMaps(plan, linux, fresh.contains("user"));
        return fresh;
    }

    /**
     * Writes the joins of every namespace of the container whose init has host pid
     * {@code pid}, each checked against the inode read while the container was running; its
     * user namespace, if it has one, is joined first (by the monitor, see main.c).
     */
    static void joinAll(PlanWriter plan, LinuxSpec container, int pid, Map<String, Long> inodes) {
        for (LinuxSpec.Namespace ns : container.namespaces()) {
            String type = kernelName(ns.type());
            Long inode = inodes.get(type);
            if (inode == null) {
                throw PlanBuilder.invalid("no inode known for the container's " + type + " namespace");
            }
            plan.add("ns", type, "/proc/" + pid + "/ns/" + type, Long.toString(inode));
        }
    }

    private static String kernelName(String ociType) {
        String type = TYPES.get(ociType);
        if (type == null) {
            throw PlanBuilder.invalid("namespace type " + ociType);
        }
        return type;
    }

    private static void idMaps(PlanWriter plan, LinuxSpec linux, boolean newUserNamespace) {
        boolean joined = linux.namespaces().stream().anyMatch(n -> n.type().equals("user") && n.path() != null);
        boolean mapped = !linux.uidMappings().isEmpty() || !linux.gidMappings().isEmpty();
        if (mapped && (linux.uidMappings().isEmpty() || linux.gidMappings().isEmpty())) {
            throw PlanBuilder.invalid("uid and gid mappings come together");
        }
        if (newUserNamespace != mapped && !joined) {
            throw PlanBuilder.invalid("a new user namespace needs uid and gid mappings, and mappings need one");
        }
        if (!newUserNamespace) {
            return; // a joined namespace has its maps already; the spec's only describe them
        }
        for (LinuxSpec.IdMapping m : linux.uidMappings()) {
            plan.add("uidmap", Long.toString(m.containerID()), Long.toString(m.hostID()), Long.toString(m.size()));
        }
        for (LinuxSpec.IdMapping m : linux.gidMappings()) {
            plan.add("gidmap", Long.toString(m.containerID()), Long.toString(m.hostID()), Long.toString(m.size()));
        }
    }

    /**
     * Checks that the process user is mapped in the user namespace the container joins by
     * path, using the spec's mappings when given, else the maps of {@code /proc/PID/ns/user}.
     */
    static void checkJoinedUser(LinuxSpec linux, ProcessSpec.User user, Path procRoot) {
        for (LinuxSpec.Namespace ns : linux.namespaces()) {
            if (!ns.type().equals("user") || ns.path() == null) {
                continue;
            }
            Optional<UserNamespaceMaps> maps = linux.uidMappings().isEmpty()
                    ? UserNamespaceMaps.ofPath(procRoot, ns.path())
                    : Optional.of(new UserNamespaceMaps(linux.uidMappings(), linux.gidMappings()));
            maps.ifPresent(m -> m.requireMapped(user, ns.path()));
        }
    }
}

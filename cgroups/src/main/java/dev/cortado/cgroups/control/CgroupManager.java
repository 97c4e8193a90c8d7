package dev.cortado.cgroups.control;

import dev.cortado.cgroups.CgroupException;
import dev.cortado.cgroups.CgroupException.Reason;
import dev.cortado.cgroups.CgroupFs;
import dev.cortado.cgroups.CgroupMode;
import dev.cortado.cgroups.CgroupPath;
import dev.cortado.cgroups.Hierarchy;
import dev.cortado.cgroups.controller.WritePlan;
import dev.cortado.cgroups.resources.Resources;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The entry point for live cgroups on one hierarchy: create (with limits, all or nothing), open
 * and delete. Everything it touches goes through the injected {@link CgroupFs}, {@link Ticker}
 * and {@link Signaller}.
 */
public final class CgroupManager {
    private static final Path SYS_HUGEPAGES = Path.of("/sys/kernel/mm/hugepages");

    private final CgroupFs fs;
    private final Hierarchy hierarchy;
    private final Ticker ticker;
    private final Signaller signaller;
    /**
     * The host's hugepage sizes, whose {@code hugetlb.<size>.*} files stats read: fixed from boot,
     * so listed once here instead of on every stats call (a listing of
     * {@code /sys/kernel/mm/hugepages} through a glob matcher each time).
     */
    private final List<String> hugepageSizes;

    /** Creates a manager for the hierarchy. */
    public CgroupManager(CgroupFs fs, Hierarchy hierarchy, Ticker ticker, Signaller signaller) {
        this.fs = Objects.requireNonNull(fs, "fs");
        this.hierarchy = Objects.requireNonNull(hierarchy, "hierarchy");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.signaller = Objects.requireNonNull(signaller, "signaller");
        this.hugepageSizes = StatsReader.hostHugepageSizes(SYS_HUGEPAGES);
    }

    /** Returns the hierarchy this manager works on. */
    public Hierarchy hierarchy() {
        return hierarchy;
    }

    /**
     * Creates the cgroup (and missing parents) and applies the resources. The plan is computed and
     * checked first, so a limit this hierarchy cannot enforce fails with UNSUPPORTED before any
     * directory is made; when writing fails, a cgroup this call created is removed again.
     */
    public Cgroup create(CgroupPath path, Resources resources) {
        requireHierarchy("create " + path);
        return create(path, WritePlan.of(resources, hierarchy));
    }

    /**
     * Creates the cgroup (and missing parents) and applies a plan made for this hierarchy (e.g. a
     * {@link WritePlan#lenient} one); a cgroup this call created is removed again when writing fails.
     */
    public Cgroup create(CgroupPath path, WritePlan plan) {
        requireHierarchy("create " + path);
        Path dir = CgroupDirs.resolve(fs, hierarchy.root(), path);
        boolean existed = fs.exists(dir);
        new CgroupCreator(fs, hierarchy).create(path, plan.controllers());
        Cgroup cg = new Cgroup(fs, hierarchy, path, dir, ticker, signaller, hugepageSizes);
        try {
            cg.apply(plan);
        } catch (CgroupException e) {
            if (!existed) {
                try {
                    new CgroupRemover(fs, ticker).delete(dir, Duration.ofSeconds(1));
                } catch (CgroupException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            throw e;
        }
        return cg;
    }

    /** Creates the cgroup with the controllers enabled for it but no limits. */
    public Cgroup create(CgroupPath path, Set<String> controllers) {
        requireHierarchy("create " + path);
        Path dir = new CgroupCreator(fs, hierarchy).create(path, controllers);
        return new Cgroup(fs, hierarchy, path, dir, ticker, signaller, hugepageSizes);
    }

    /** Opens an existing cgroup; NOT_FOUND when it does not exist. */
    public Cgroup open(CgroupPath path) {
        requireHierarchy("open " + path);
        Path dir = CgroupDirs.resolve(fs, hierarchy.root(), path);
        if (!fs.exists(dir)) {
            throw new CgroupException(Reason.NOT_FOUND, "cgroup " + path + " does not exist at " + dir);
        }
        return new Cgroup(fs, hierarchy, path, dir, ticker, signaller, hugepageSizes);
    }

    /**
     * Deletes the cgroup and its descendants, retrying while processes drain; deleting a cgroup that
     * does not exist succeeds (removal must be idempotent, as CRI RemoveContainer/RemovePodSandbox are).
     */
    public void delete(CgroupPath path, Duration timeout) {
        if (path.isRoot()) {
            throw new CgroupException(Reason.INVALID_ARGUMENT, "refusing to delete the root cgroup");
        }
        requireHierarchy("delete " + path);
        new CgroupRemover(fs, ticker).delete(CgroupDirs.resolve(fs, hierarchy.root(), path), timeout);
    }

    private void requireHierarchy(String what) {
        if (hierarchy.mode() == CgroupMode.NONE) {
            throw new CgroupException(
                    Reason.UNSUPPORTED,
                    "cannot " + what + ": no cgroup2 hierarchy is mounted" + " (cgroup mode none, probed "
                            + hierarchy.root() + ")");
        }
    }
}

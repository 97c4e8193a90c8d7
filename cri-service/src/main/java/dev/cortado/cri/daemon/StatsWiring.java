package dev.cortado.cri.daemon;

import dev.cortado.api.cri.v1.CgroupDriver;
import dev.cortado.cgroups.CgroupParent;
import dev.cortado.cgroups.HierarchyDetector;
import dev.cortado.cgroups.RealCgroupFs;
import dev.cortado.cgroups.control.CgroupManager;
import dev.cortado.cgroups.control.Signaller;
import dev.cortado.cgroups.control.Ticker;
import dev.cortado.cri.config.CortadoConfig;
import dev.cortado.cri.container.Containers;
import dev.cortado.cri.grpc.CriStats;
import dev.cortado.cri.sandbox.Sandbox;
import dev.cortado.cri.sandbox.SandboxFilter;
import dev.cortado.cri.sandbox.SandboxService;
import dev.cortado.cri.stats.PodSource;
import dev.cortado.cri.stats.StatsService;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** Builds the stats RPCs (cgroup v2 files of the host's hierarchy) and the driver RuntimeConfig reports. */
final class StatsWiring {
    private StatsWiring() {}

    static CriStats stats(CortadoConfig config, Containers containers, SandboxService sandboxes, Clock clock) {
        CgroupManager cgroups = new CgroupManager(
                new RealCgroupFs(), HierarchyDetector.forHost().detect(), Ticker.system(), Signaller.processHandles());
        PodSource pods = new PodSource() {
            @Override
            public Sandbox get(String idOrPrefix) {
                return sandboxes.status(idOrPrefix);
            }

            @Override
            public List<Sandbox> list(SandboxFilter filter) {
                return sandboxes.list(filter);
            }
        };
        return new CriStats(new StatsService(
                containers,
                pods,
                cgroups,
                driver(config),
                Path.of(config.root()),
                Path.of(config.state()),
                Path.of("/proc"),
                clock));
    }

    static CgroupParent.Driver driver(CortadoConfig config) {
        return config.runtime().cgroupDriver().equals("systemd")
                ? CgroupParent.Driver.SYSTEMD
                : CgroupParent.Driver.CGROUPFS;
    }

    /** The {@code [runtime] cgroup_driver} in use, as RuntimeConfig reports it to kubelet. */
    static CgroupDriver cgroupDriver(CortadoConfig config) {
        return driver(config) == CgroupParent.Driver.SYSTEMD ? CgroupDriver.SYSTEMD : CgroupDriver.CGROUPFS;
    }
}

package dev.cortado.shim.task;

import dev.cortado.cgroups.controller.DroppedLimit;
import dev.cortado.shim.launch.LaunchOptions;
import dev.cortado.shim.launch.Launcher;
import dev.cortado.shim.process.ContainerIo;
import dev.cortado.shim.process.ExitStatus;
import dev.cortado.shim.process.Monitor;
import dev.cortado.shim.process.TaskState;
import dev.cortado.shim.spec.ProcessSpec;
import dev.cortado.shim.spec.Spec;
import java.nio.file.Path;
import java.util.List;

/** The production {@link ProcessFactory}: cortado-init monitors through the {@link Launcher}. */
public final class LauncherProcesses implements ProcessFactory {
    private final Launcher launcher;

    public LauncherProcesses(Launcher launcher) {
        this.launcher = launcher;
    }

    @Override
    public ProcessControl create(String id, Spec spec, Path stateDir, LaunchOptions options) {
        Launcher.Launched launched = launcher.launch(id, spec, stateDir, options);
        return new MonitorProcess(launched.monitor(), launched.droppedLimits());
    }

    @Override
    public ProcessControl exec(String execId, Spec container, ProcessControl init, ProcessSpec process, Path stateDir,
            LaunchOptions options) {
        return new MonitorProcess(launcher.exec(execId, container, ((MonitorProcess) init).monitor, process, stateDir,
                options), List.of());
    }

    @Override
    public ProcessControl adopt(Path stateDir) {
        return new MonitorProcess(launcher.adopt(stateDir), List.of());
    }

    /** A {@link Monitor} seen as a {@link ProcessControl}. */
    private record MonitorProcess(Monitor monitor, List<DroppedLimit> droppedLimits) implements ProcessControl {
        public TaskState state() {
            return monitor.state();
        }

        public void start() {
            monitor.start();
        }

        public void kill(int signal) {
            monitor.kill(signal);
        }

        public ExitStatus waitForExit() {
            return monitor.waitForExit();
        }

        public ContainerIo stdio() {
            return monitor.stdio();
        }

        public void closeStdin() {
            monitor.closeStdin();
        }

        public void resize(int rows, int cols) {
            monitor.resize(rows, cols);
        }

        public void delete() {
            monitor.delete();
        }
    }
}

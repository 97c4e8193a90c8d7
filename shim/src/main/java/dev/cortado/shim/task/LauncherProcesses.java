package dev.cortado.shim.task;

import dev.cortado.cgroups.controller.DroppedLimit;
import dev.cortado.shim.launch.LaunchOptions;
import dev.cortado.shim.launch.Launcher;
import dev.cortado.shim.loop.IoLoop;
import dev.cortado.shim.process.ContainerIo;
import dev.cortado.shim.process.ExitStatus;
import dev.cortado.shim.process.Monitor;
import dev.cortado.shim.process.TaskState;
import dev.cortado.shim.spec.ProcessSpec;
import dev.cortado.shim.spec.Spec;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The production {@link ProcessFactory}: cortado-init monitors through the {@link Launcher}. */
public final class LauncherProcesses implements ProcessFactory {
    private final Launcher launcher;
    private final IoLoop loop;

    /** Processes whose exits are each awaited on a thread. */
    public LauncherProcesses(Launcher launcher) {
        this(launcher, null);
    }

    /** Processes whose exits are awaited on {@code loop} (null: a thread each). */
    public LauncherProcesses(Launcher launcher, IoLoop loop) {
        this.launcher = launcher;
        this.loop = loop;
    }

    @Override
    public ProcessControl create(String id, Spec spec, Path stateDir, LaunchOptions options) {
        Launcher.Launched launched = launcher.launch(id, spec, stateDir, options);
        return new MonitorProcess(launched.monitor(), launched.droppedLimits(), loop);
    }

    @Override
    public ProcessControl exec(
            String execId,
            Spec container,
            ProcessControl init,
            ProcessSpec process,
            Path stateDir,
            LaunchOptions options) {
        return new MonitorProcess(
                launcher.exec(execId, container, ((MonitorProcess) init).monitor, process, stateDir, options),
                List.of(),
                loop);
    }

    @Override
    public ProcessControl adopt(Path stateDir) {
        return new MonitorProcess(launcher.adopt(stateDir), List.of(), loop);
    }

    /** A {@link Monitor} seen as a {@link ProcessControl}. */
    private record MonitorProcess(Monitor monitor, List<DroppedLimit> droppedLimits, IoLoop loop)
            implements ProcessControl {
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

        public CompletableFuture<ExitStatus> exitAsync() {
            return loop == null ? ProcessControl.super.exitAsync() : monitor.exitAsync(loop);
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

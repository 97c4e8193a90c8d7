package dev.cortado.integration.containers;

import dev.cortado.integration.Criu;
import dev.cortado.integration.DaemonProcess;
import dev.cortado.integration.Repo;
import dev.cortado.integration.containerd.CriNetwork;
import dev.cortado.integration.containerd.HostCleanup;
import dev.cortado.integration.cri.CriClient;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Cortado's daemon ({@link DaemonProcess}) in a temp dir of its own, with three runtime handlers:
 * its own shim as the default ({@code cortado}, limits this host cannot enforce dropped with a
 * warning, as the containerd tests run it), the same served in the daemon's own JVM as
 * {@code inproc}, and Debian's {@code containerd-shim-runc-v2} as {@code runc} (runc's state under
 * the dir); pods on a CNI bridge of their own. It can be killed
 * with -9 and started again on the same root and state, as the restart cases need.
 */
public final class CortadoRuntime implements RuntimeUnderTest {
    static final String RUNC = "runc";
    /** Cortado's own handler served in the daemon's JVM ({@code in_process = true}): no shim server. */
    static final String IN_PROCESS = "inproc";

    private final Path dir;
    private final String handler;
    private final CriNetwork network;
    private final String extraToml;
    private final DaemonProcess.Jvm jvm;
    private DaemonProcess daemon;
    private CriClient client;
    private boolean running;

    private CortadoRuntime(Path dir, String handler, CriNetwork network, String extraToml, DaemonProcess.Jvm jvm) {
        this.dir = dir;
        this.handler = handler;
        this.network = network;
        this.extraToml = extraToml;
        this.jvm = jvm;
    }

    /** Starts it; pods ask for {@code handler} ("" = the default, cortado's shim; {@link #IN_PROCESS} or {@link #RUNC}). */
    public static CortadoRuntime start(String handler, CriNetwork network) throws Exception {
        return start(handler, network, "", DaemonProcess.Jvm.LAUNCHER);
    }

    /** As {@link #start(String, CriNetwork)}, with more TOML for the daemon's config (e.g. a {@code [streaming]} section). */
    static CortadoRuntime start(String handler, CriNetwork network, String extraToml) throws Exception {
        return start(handler, network, extraToml, DaemonProcess.Jvm.LAUNCHER);
    }

    /** Starts it with the daemon run by {@code jvm} (the benchmark compares the launcher's options with none). */
    public static CortadoRuntime start(String handler, CriNetwork network, DaemonProcess.Jvm jvm) throws Exception {
        return start(handler, network, "", jvm);
    }

    private static CortadoRuntime start(String handler, CriNetwork network, String extraToml, DaemonProcess.Jvm jvm)
            throws Exception {
        CortadoRuntime cortado = new CortadoRuntime(
                Files.createTempDirectory(Path.of("/tmp"), "ctr-it-cortado"), handler, network, extraToml, jvm);
        try {
            network.writeConfig(cortado.dir.resolve("net.d"), cortado.dir.resolve("ipam"));
            Files.writeString(cortado.dir.resolve("cortado-shim.toml"), "UnenforceableLimits = \"warn\"\n");
            cortado.startDaemon();
            return cortado;
        } catch (Exception | Error e) {
            cortado.close();
            throw e;
        }
    }

    /** The daemon's TOML beyond root, state and socket (which {@link DaemonProcess} writes). */
    private String config() {
        return """
                [cni]
                conf_dir = "%1$s/net.d"
                bin_dirs = ["%2$s"]
                [runtime.handlers.cortado]
                in_process = false
                [runtime.handlers.cortado.options]
                UnenforceableLimits = "warn"
                [runtime.handlers.inproc]
                runtime_type = "io.containerd.cortado.v2"
                in_process = true
                [runtime.handlers.inproc.options]
                UnenforceableLimits = "warn"
                [runtime.handlers.runc]
                runtime_type = "io.containerd.runc.v2"
                [runtime.handlers.runc.options]
                Root = "%1$s/runc"
                SystemdCgroup = false
                """.formatted(dir, CriNetwork.BIN) + extraToml;
    }

    /**
     * Starts the daemon on the dir's root and state (again, after {@link #kill}). Its shims find
     * cortado's in PATH, keep their server's state under the dir and read the dir's shim config;
     * it, its shims and runc run the tests' criu ({@link Criu}).
     */
    void startDaemon() throws IOException {
        Path shimDir = Repo.root().resolve("shim/target/bin");
        Map<String, String> env = new java.util.HashMap<>(Criu.environment(shimDir + ":" + System.getenv("PATH")));
        env.put("CORTADO_SHIM_ROOT", dir.resolve("s").toString());
        env.put("CORTADO_SHIM_CONFIG", dir.resolve("cortado-shim.toml").toString());
        daemon = DaemonProcess.start(jvm, dir, config(), env);
        client = CriClient.connect(daemon.socket());
        running = true;
    }

    /** {@code kill -9} of the daemon we started (its pid, nothing else); its shims and containers live on. */
    void kill() throws InterruptedException {
        running = false;
        client.close();
        daemon.kill();
    }

    /** The daemon's pid (the JVM, or what the launcher exec'd). */
    public long daemonPid() {
        return daemon.pid();
    }

    /** The pid of the shim server (cortado's handler: one JVM for every container), from its ready file. */
    long shimPid() throws IOException {
        return Long.parseLong(Files.readString(dir.resolve("s/ready")).trim());
    }

    /** The shim server's root: its {@code ready} file holds the server's pid while it serves. */
    public Path shimRoot() {
        return dir.resolve("s");
    }

    @Override
    public String name() {
        return handler.isEmpty() ? "cortado-shim" : "cortado-" + handler;
    }

    @Override
    public CriClient client() {
        return client;
    }

    @Override
    public String handler() {
        return handler;
    }

    /** A container's bundle: {@code <state>/containers/<id>} ({@code config.json}, rootfs, io). */
    Path bundle(String containerId) {
        return dir.resolve("state/containers").resolve(containerId);
    }

    @Override
    public Path logRoot() {
        return dir.resolve("pods");
    }

    @Override
    public String cgroupRoot() {
        return "/" + dir.getFileName() + "/besteffort";
    }

    @Override
    public CriNetwork network() {
        return network;
    }

    @Override
    public boolean isContainerd16() {
        return false;
    }

    @Override
    public boolean promisesRecursiveReadOnlyMounts() {
        return handler.equals(RUNC);
    }

    @Override
    public boolean enforcesMemoryLimits() {
        return handler.equals(RUNC) || RuntimeUnderTest.cgroup2Has("memory"); // the shim works on cgroup2 only
    }

    /**
     * Removes the pods left (and their containers) through a running daemon (started again if a
     * test killed it), stops it, then removes what is left on the host: the shim server, any
     * process still in the runtime's cgroups, the bridge, cgroups, mounts and the directory.
     */
    @Override
    public void close() throws IOException {
        try {
            if (daemon != null && !running) {
                try {
                    startDaemon();
                } catch (IOException | RuntimeException e) {
                    System.err.println("could not start " + name() + " again to remove its pods: " + e);
                }
            }
            if (running) {
                RuntimeUnderTest.removeAllPods(client, name());
                client.close();
                daemon.close();
            }
            Path ready = dir.resolve("s/ready"); // the shim server's pid, while it serves
            if (Files.exists(ready)) {
                ProcessHandle.of(Long.parseLong(Files.readString(ready).trim()))
                        .ifPresent(ProcessHandle::destroyForcibly);
            }
            keepLogs();
            killProcessesNaming(dir);
            killProcessesWorkingUnder(dir, name());
            killProcessesInCgroups("/" + dir.getFileName());
            HostCleanup.deleteLink(network.bridge());
            HostCleanup.removeCgroups("/" + dir.getFileName());
            HostCleanup.unmountUnder(dir);
            HostCleanup.deleteTree(dir);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while closing " + this);
        }
    }

    /** Copies the daemon's and the shim server's logs to integration/target/ctr-it-logs/, for a failed run. */
    private void keepLogs() {
        try {
            Path logs = Files.createDirectories(Repo.root().resolve("integration/target/ctr-it-logs"));
            for (Path log : java.util.List.of(dir.resolve("daemon.log"), dir.resolve("s/shim.log"))) {
                if (Files.exists(log)) {
                    Files.copy(
                            log,
                            logs.resolve(name() + "-" + log.getFileName()),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            System.err.println("could not keep the logs of " + name() + ": " + e);
        }
    }

    /**
     * SIGKILL to every process whose command line names the runtime's dir: shims started for its
     * socket ({@code -address <dir>/...}) and the shim relay of its state root, which a killed
     * daemon leaves behind. Only processes of this runtime name its unique temp dir.
     */
    private static void killProcessesNaming(Path dir) {
        String mine = dir.toString();
        ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> cmdline(p.pid()).contains(mine))
                .forEach(ProcessHandle::destroyForcibly);
    }

    /**
     * SIGKILL to every process whose working directory is under the runtime's dir: monitors
     * ({@code cortado-init}, cwd the shim's state root) of a task that a test never deleted, which
     * name neither the dir nor live in the runtime's cgroups. Says which, so the test can be found.
     */
    private static void killProcessesWorkingUnder(Path dir, String runtime) {
        ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> {
                    try {
                        return Files.readSymbolicLink(Path.of("/proc/" + p.pid() + "/cwd"))
                                .startsWith(dir);
                    } catch (IOException | UnsupportedOperationException gone) {
                        return false;
                    }
                })
                .forEach(p -> {
                    System.err.println(
                            runtime + ": killing process " + p.pid() + " left running in its dir: " + cmdline(p.pid()));
                    p.destroyForcibly();
                });
    }

    private static String cmdline(long pid) {
        try {
            return new String(
                            Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")),
                            java.nio.charset.StandardCharsets.UTF_8)
                    .replace('\0', ' ');
        } catch (IOException e) {
            return ""; // gone meanwhile, or not ours to read
        }
    }

    /** SIGKILL to every process in a cgroup at or under {@code parent}, in every hierarchy (containers a failed test left). */
    private static void killProcessesInCgroups(String parent) throws IOException, InterruptedException {
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] f = line.split(" ");
            String type = f[f.length - 3];
            Path top = Path.of(f[4], parent.substring(1));
            if ((type.equals("cgroup") || type.equals("cgroup2")) && Files.isDirectory(top)) {
                try (java.util.stream.Stream<Path> procs =
                        Files.walk(top).filter(p -> p.getFileName().toString().equals("cgroup.procs"))) {
                    for (Path p : procs.toList()) {
                        Files.readAllLines(p)
                                .forEach(pid -> ProcessHandle.of(Long.parseLong(pid))
                                        .ifPresent(ProcessHandle::destroyForcibly));
                    }
                }
            }
        }
        Thread.sleep(100); // let the killed exit before their cgroups are removed
    }
}

package dev.cortado.shim.bootstrap;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts the shim server as a daemon: in its own session ({@code setsid}), cwd the state root,
 * stdin /dev/null and stdout/stderr appended to the log, so that containerd, which reads
 * {@code start}'s combined output until EOF, is not held by it. A lower OOM score keeps the
 * kernel from choosing the node's shim before its containers (containerd's AdjustOOMScore).
 */
final class ServerSpawner {
    /**
     * Small heap, C1 only and serial GC: the server holds little and must stay small; a full
     * collection gives the heap back down to 30% free (the JVM's default keeps 70%), as the
     * daemon's launcher does; Netty's pooled allocator with one arena of each kind (its default
     * is two per core, each holding its own chunks); no perf data file (a 32 KiB shared mapping
     * and a file in /tmp per JVM).
     */
    static final List<String> JVM_OPTIONS = List.of(
            "-XX:+UseSerialGC",
            "-Xms4m",
            "-Xmx192m",
            "-XX:MinHeapFreeRatio=10",
            "-XX:MaxHeapFreeRatio=30",
            "-Dio.netty.allocator.numDirectArenas=1",
            "-Dio.netty.allocator.numHeapArenas=1",
            "-Xss512k",
            "-XX:TieredStopAtLevel=1",
            "-XX:CICompilerCount=1",
            "-XX:MaxMetaspaceSize=96m",
            "-XX:ReservedCodeCacheSize=32m",
            "-XX:-UsePerfData",
            "-Djava.awt.headless=true");

    /** The class data sharing archive built for {@code jar} ({@link CdsArchive}), next to it. */
    static Path archiveOf(Path jar) {
        return jar.resolveSibling(jar.getFileName().toString().replaceFirst("\\.jar$", "") + ".jsa");
    }

    /**
     * The JVM options of a server: {@link #JVM_OPTIONS} (or {@code CORTADO_SHIM_JAVA_OPTS}), and
     * the jar's class data sharing archive when there is one ({@code -Xshare:auto}: a JVM that
     * cannot use it, e.g. after the jar was replaced, starts without it).
     */
    static List<String> jvmOptions(String classPath, String extra) {
        List<String> opts = new ArrayList<>(
                extra != null && !extra.isBlank() ? List.of(extra.trim().split("\\s+")) : JVM_OPTIONS);
        if (classPath != null && classPath.endsWith(".jar") && !classPath.contains(File.pathSeparator)) {
            Path archive = archiveOf(Path.of(classPath).toAbsolutePath());
            if (Files.isRegularFile(archive)) {
                opts.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto"));
            }
        }
        return opts;
    }

    private ServerSpawner() {}

    /** The relay binary, next to the shim's jar (target/bin, or PREFIX/lib/cortado). */
    static final String RELAY = "containerd-shim-cortado-v2-relay";

    /**
     * Spawns the server and returns the pid of what was spawned: the shim relay, which holds the
     * sockets and runs the server JVM as its child, when the relay binary is next to the jar;
     * else the JVM itself (a classes directory: tests). Neither is waited for.
     */
    static long spawn(StateRoot root, ShimFlags flags) {
        String java = ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>(List.of("setsid"));
        relayBinary()
                .ifPresent(
                        relay -> cmd.addAll(List.of(relay.toString(), root.dir().toString())));
        cmd.add(java);
        cmd.addAll(jvmOptions(System.getProperty("java.class.path"), System.getenv("CORTADO_SHIM_JAVA_OPTS")));
        cmd.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                ShimMain.class.getName(),
                "-namespace",
                flags.namespace(),
                "-address",
                flags.address(),
                "-publish-binary",
                flags.publishBinary()));
        if (flags.debug()) {
            cmd.add("-debug");
        }
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .directory(root.dir().toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(root.log().toFile()))
                    .redirectErrorStream(true);
            pb.environment().put("CORTADO_SHIM_ROOT", root.dir().toString());
            // glibc's default is eight malloc arenas per core, each keeping what was freed in it
            pb.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
            Process p = pb.start();
            adjustOomScore(p.pid());
            return p.pid();
        } catch (IOException e) {
            throw new CortadoException(ErrorKind.INTERNAL, "spawn the shim server (" + String.join(" ", cmd) + ")", e);
        }
    }

    private static java.util.Optional<Path> relayBinary() {
        String classPath = System.getProperty("java.class.path");
        if (classPath == null || classPath.contains(File.pathSeparator) || !classPath.endsWith(".jar")) {
            return java.util.Optional.empty();
        }
        Path relay = Path.of(classPath).toAbsolutePath().resolveSibling(RELAY);
        return Files.isExecutable(relay) ? java.util.Optional.of(relay) : java.util.Optional.empty();
    }

    static void adjustOomScore(long pid) {
        try {
            Files.writeString(Path.of("/proc/" + pid + "/oom_score_adj"), "-999");
        } catch (IOException e) {
            // not root, or the process is already gone: the server still works
        }
    }
}

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
    /** Small heap, C1 only and serial GC: the server holds little and must stay small. */
    static final List<String> JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-Xms8m", "-Xmx192m", "-Xss512k",
            "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-XX:MaxMetaspaceSize=96m",
            "-XX:ReservedCodeCacheSize=32m", "-Djava.awt.headless=true");

    private ServerSpawner() {
    }

    /** Spawns the server and returns its pid; it is not waited for. */
    static long spawn(StateRoot root, ShimFlags flags) {
        String java = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>(List.of("setsid", java));
        String extra = System.getenv("CORTADO_SHIM_JAVA_OPTS");
        cmd.addAll(extra != null && !extra.isBlank() ? List.of(extra.trim().split("\\s+")) : JVM_OPTIONS);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), ShimMain.class.getName(),
                "-namespace", flags.namespace(), "-address", flags.address(),
                "-publish-binary", flags.publishBinary()));
        if (flags.debug()) {
            cmd.add("-debug");
        }
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.dir().toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(root.log().toFile()))
                    .redirectErrorStream(true);
            pb.environment().put("CORTADO_SHIM_ROOT", root.dir().toString());
            Process p = pb.start();
            adjustOomScore(p.pid());
            return p.pid();
        } catch (IOException e) {
            throw new CortadoException(ErrorKind.INTERNAL, "spawn the shim server (" + String.join(" ", cmd) + ")", e);
        }
    }

    private static void adjustOomScore(long pid) {
        try {
            Files.writeString(Path.of("/proc/" + pid + "/oom_score_adj"), "-999");
        } catch (IOException e) {
            // not root, or the process is already gone: the server still works
        }
    }
}

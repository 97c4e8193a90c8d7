package dev.cortado.shim.bootstrap;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds the server's class data sharing archive (AppCDS, a dynamic archive over the JDK's):
 * one training server, started with the server's own JVM options in a scratch state root,
 * serves one call and exits, and the JVM dumps the classes it loaded. A server started with the
 * archive maps them instead of loading and verifying each one, which is most of what a restart
 * after {@code kill -9} waits for. The archive names the jar by its path, so it is built where the
 * jar stays: at {@code mvn package} for {@code target/bin}, by {@code install-shim} for the installed
 * jar; a server whose archive does not match (another jar, another JVM) runs without it.
 *
 * <p>Usage: {@code java -cp JAR dev.cortado.shim.bootstrap.CdsArchive} (writes {@link
 * ServerSpawner#archiveOf} of the jar); exit status 1 when no archive came out.
 */
public final class CdsArchive {
    static final String TRAINING_ENV = "CORTADO_SHIM_CDS_TRAINING";

    private CdsArchive() {}

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(System.getProperty("java.class.path")).toAbsolutePath();
        Path archive = ServerSpawner.archiveOf(jar);
        Path tmp = archive.resolveSibling("." + archive.getFileName() + ".tmp");
        Path root = Files.createTempDirectory("cortado-shim-cds");
        try {
            List<String> cmd = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            cmd.addAll(ServerSpawner.JVM_OPTIONS);
            cmd.addAll(List.of(
                    "-XX:ArchiveClassesAtExit=" + tmp,
                    "-Xlog:cds=error",
                    "-Xlog:cds+dynamic=error",
                    "-cp",
                    jar.toString(),
                    ShimMain.class.getName(),
                    "-namespace",
                    "cds-training",
                    "-address",
                    ""));
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            root.resolve("shim.log").toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().put("CORTADO_SHIM_ROOT", root.resolve("s").toString());
            pb.environment().put(TRAINING_ENV, "1");
            pb.environment().remove("CORTADO_SHIM_RELAY");
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            if (p.exitValue() != 0 || !Files.isRegularFile(tmp) || Files.size(tmp) == 0) {
                System.err.println("no class data archive for " + jar + ": training server exited " + p.exitValue()
                        + "\n" + Files.readString(root.resolve("shim.log")));
                Files.deleteIfExists(tmp);
                System.exit(1);
            }
            Files.move(tmp, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            System.out.println(archive);
        } finally {
            deleteTree(root);
        }
    }

    /** What a training server does once serving: one Task Info call over its own ttrpc socket (NOT_FOUND). */
    static void exercise(StateRoot root) {
        try (var client = dev.cortado.ttrpc.client.TtrpcClient.connect(
                dev.cortado.ttrpc.TtrpcTransport.unixSocket(root.ttrpcSocket()))) {
            client.unary(
                    dev.cortado.ttrpc.TtrpcMethod.of(dev.cortado.api.cortado.shim.v1.TasksGrpc.getInfoMethod()),
                    dev.cortado.api.cortado.shim.v1.TaskInfoRequest.newBuilder()
                            .setId("cds-training")
                            .build(),
                    dev.cortado.ttrpc.client.CallOptions.DEFAULT.withTimeout(java.time.Duration.ofSeconds(10)));
        } catch (RuntimeException e) {
            // NOT_FOUND is the expected answer; anything else only makes the archive smaller
        } catch (Exception e) {
            // closing the client
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(f -> f.toFile().delete());
        }
    }
}

package dev.cortado.shim.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * In the cgroup v2 VM only: what criu needs that the VM's initramfs leaves out. The VM loads only
 * the modules it boots with, so {@code criu check} fails there on missing {@code nf_tables}
 * ("kerndat_has_nftables_concat failed"), sock_diag modules and a down loopback
 * ("kerndat_tcp_repair: Network is unreachable"). {@code shim/src/test/vm/criu-modules.sh} puts the
 * VM kernel's modules in {@code shim/target/vm-suite/criu-modules} (with their load order in
 * {@code order}); this loads them with busybox's insmod and brings {@code lo} up. Elsewhere, or
 * when the directory is missing, it does nothing and criu's own check decides.
 */
final class CriuVm {
    private static boolean prepared;

    private CriuVm() {}

    static synchronized void prepare() {
        if (prepared || !Boolean.getBoolean("cortado.cgroups.vm")) {
            return;
        }
        prepared = true;
        Path modules = Path.of(System.getProperty("cortado.repo.root", "."), "shim/target/vm-suite/criu-modules");
        if (!Files.isRegularFile(modules.resolve("order"))) {
            System.out.println("criu modules: " + modules + " missing (run shim/src/test/vm/criu-modules.sh)");
            return;
        }
        try {
            for (String m : Files.readAllLines(modules.resolve("order"))) {
                if (!m.isBlank()) {
                    run(List.of(
                            "busybox",
                            "insmod",
                            modules.resolve(m.strip() + ".ko").toString()));
                }
            }
            run(List.of("ip", "link", "set", "lo", "up"));
        } catch (IOException e) {
            System.out.println("criu modules: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Best effort: a module already loaded (or built in) fails insmod, which is fine. */
    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        if (p.waitFor() != 0) {
            System.out.println(String.join(" ", command) + ": " + out);
        }
    }
}

package dev.cortado.shim.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import dev.cortado.shim.checkpoint.CheckpointSettings;
import dev.cortado.shim.checkpoint.CriuProcess;
import dev.cortado.shim.checkpoint.CriuRunner;
import dev.cortado.shim.checkpoint.DumpArguments;
import dev.cortado.shim.checkpoint.TaskCheckpointer;
import dev.cortado.shim.task.TaskKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Privileged, here and in the VM suite: a counter container checkpointed through the shim's
 * Task API Checkpoint ({@link TaskCheckpointer} over the real launcher, monitors and criu; which
 * criu: {@link TestCriu}). Where {@code criu check} fails (Debian 12's criu 3.17 on a kernel from
 * 6.13 on, such as this host's 6.18: "vdso: Unexpected rt vDSO area bounds") the answer is
 * FAILED_PRECONDITION with criu's reason and the counter keeps counting; with the criu 4.1 of
 * {@code integration/bin/newer-criu} the whole round trip runs on this host. Where criu works the
 * dump leaves the counter running; after the container is killed, {@code criu restore} from those
 * images brings it back and it goes on counting from where the dump found it. In the cgroup v2 VM
 * criu works once {@link CriuVm} has loaded its modules, but the VM runs everything chrooted from
 * an initramfs, so no container there has its namespace's root as its root and criu refuses the
 * dump: the test stops there with that reason.
 */
@Tag("vm-also")
class CheckpointRestoreTest extends PrivilegedLauncherFixture {
    private static final String COUNTER = "exec </dev/null >/dev/null 2>&1; i=0; "
            + "while :; do i=$((i+1)); echo $i > /count.tmp; mv /count.tmp /count; sleep 0.1; done";
    private final CriuRunner criu = new CriuProcess(TestCriu.binary(), 120);
    private RealTaskService tasks;
    private Path restoredRoot;
    private long restoredPid;

    @BeforeEach
    void wire() {
        CriuVm.prepare();
        tasks = new RealTaskService(containers, tmp);
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (restoredPid > 0) {
            ProcessHandle.of(restoredPid).ifPresent(ProcessHandle::destroyForcibly);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> ProcessHandle.of(restoredPid).isEmpty());
        }
        if (restoredRoot != null) {
            run("umount", "-l", restoredRoot.toString());
        }
        if (tasks != null) {
            tasks.close();
        }
    }

    @Test
    void counter_checkpointedLeftRunning_thenRestoredItCountsOn() throws Exception {
        String problem = String.join(
                "; ",
                criu.run(List.of("check"))
                        .output()
                        .lines()
                        .filter(l -> l.startsWith("Error"))
                        .toList());
        if (problem.isEmpty()) {
            assumeTrue(
                    rootIsMountNamespaceRoot(),
                    "this process runs chrooted below its mount namespace's root (the "
                            + "cgroup v2 VM runs its command chrooted from an initramfs, which cannot be pivoted away): a "
                            + "container's root is then not its namespace's root either, and criu refuses to dump it "
                            + "(\"The root task has another root than mntns\")");
        }
        TaskKey key = tasks.create("counter", containers.inCgroup(shell(COUNTER)));
        int pid = tasks.service.start(key, "");
        long before = awaitCountAbove(0);
        TaskCheckpointer checkpointer = new TaskCheckpointer(tasks.registry, criu);
        Path images = tmp.resolve("images");

        if (!problem.isEmpty()) {
            assertThatThrownBy(() -> checkpointer.checkpoint(key, images, CheckpointSettings.defaults()))
                    .isInstanceOfSatisfying(CortadoException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ErrorKind.FAILED_PRECONDITION);
                        assertThat(e.getMessage()).contains("criu does not work on this host", problem);
                    });
            assertThat(awaitCountAbove(before))
                    .as("the counter was not touched")
                    .isGreaterThan(before);
            return;
        }
        // what the dump maps outside the container, which the restore must map back
        List<String> dumped = DumpArguments.of(
                pid,
                tasks.registry.get(key).spec(),
                images,
                tmp,
                CheckpointSettings.defaults(),
                p -> OptionalLong.empty(),
                m -> Files.isRegularFile(Path.of("/proc/" + pid + "/root" + m)));

        long t0 = System.nanoTime();
        try {
            checkpointer.checkpoint(key, images, CheckpointSettings.defaults());
        } catch (CortadoException e) {
            throw new AssertionError(
                    e.getMessage() + "\n"
                            + tail(tasks.registry.get(key).bundle().resolve("criu-dump.log")),
                    e);
        }
        System.out.printf("checkpoint of the counter took %d ms%n", (System.nanoTime() - t0) / 1_000_000);

        try (Stream<Path> files = Files.list(images)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .anyMatch(n -> n.matches("pages-[0-9]+\\.img"))
                    .anyMatch(n -> n.matches("core-[0-9]+\\.img"));
        }
        long afterDump = awaitCountAbove(before);
        assertThat(tasks.service.state(key, "").state().label()).isEqualTo("running");

        awaitCountAbove(afterDump + 2); // so the restored count, the dump's, is below the count at the kill
        tasks.operations.kill(key, "", 9, true);
        tasks.service.waitFor(key, "");
        long atKill = count();
        assertThat(atKill).isGreaterThanOrEqualTo(afterDump);

        restoredPid = restore(images, dumped);
        long resumed = awaitCountAbove(0, c -> c != atKill);
        assertThat(resumed)
                .as("restored from the image taken at %d, killed at %d", before, atKill)
                .isLessThan(atKill)
                .isGreaterThanOrEqualTo(before);
        assertThat(awaitCountAbove(resumed)).as("counting on").isGreaterThan(resumed);
    }

    /** criu restore as runc's: the root a bind mount of the rootfs, the dump's external mounts mapped back. */
    private long restore(Path images, List<String> dumped) throws Exception {
        restoredRoot = Files.createDirectories(tmp.resolve("restore-root"));
        run("mount", "--bind", rootfs.toString(), restoredRoot.toString());
        Path pidfile = tmp.resolve("restored.pid");
        List<String> args = new ArrayList<>(List.of(
                "restore",
                "--images-dir",
                images.toString(),
                "--work-dir",
                tmp.toString(),
                "--log-file",
                "restore.log",
                "-v4",
                "--root",
                restoredRoot.toString(),
                "--manage-cgroups",
                "--restore-detached",
                "--pidfile",
                pidfile.toString()));
        for (int i = 0; i < dumped.size() - 1; i++) {
            if (dumped.get(i).equals("--ext-mount-map")) {
                args.add("--ext-mount-map");
                args.add(dumped.get(i + 1));
            }
        }
        long t0 = System.nanoTime();
        CriuRunner.Result r = criu.run(args);
        System.out.printf("restore of the counter took %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        if (!r.ok()) {
            throw new AssertionError("criu restore failed: " + r.output() + "\n" + tail(tmp.resolve("restore.log")));
        }
        return Long.parseLong(Files.readString(pidfile).trim());
    }

    /**
     * False when this process is chrooted below the root of its mount namespace: pid 1 shares our
     * mount namespace but has another root (the VM's initramfs init; criu runs fine there, but no
     * container made from a chroot can be dumped).
     */
    private static boolean rootIsMountNamespaceRoot() throws java.io.IOException {
        Path init = Path.of("/proc/1");
        try {
            if (!Files.readSymbolicLink(init.resolve("ns/mnt"))
                    .equals(Files.readSymbolicLink(Path.of("/proc/self/ns/mnt")))) {
                return true; // pid 1 is elsewhere (a container): it says nothing about us
            }
        } catch (java.nio.file.AccessDeniedException e) {
            return true; // pid 1 hides its namespaces (this host's VM init): not the cgroup v2 VM's
        }
        return Files.getAttribute(init.resolve("root/"), "unix:ino")
                        .equals(Files.getAttribute(Path.of("/"), "unix:ino"))
                && Files.getAttribute(init.resolve("root/"), "unix:dev")
                        .equals(Files.getAttribute(Path.of("/"), "unix:dev"));
    }

    /** criu's last 40 log lines, for the failure message (the VM's files are gone after the run). */
    private static String tail(Path log) throws java.io.IOException {
        if (!Files.exists(log)) {
            return "(no " + log + ")";
        }
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private long awaitCountAbove(long floor) {
        return awaitCountAbove(floor, c -> true);
    }

    private long awaitCountAbove(long floor, java.util.function.LongPredicate also) {
        long[] seen = new long[1];
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    seen[0] = count();
                    return seen[0] > floor && also.test(seen[0]);
                });
        return seen[0];
    }

    private long count() throws Exception {
        Path f = rootfs.resolve("count");
        return Files.exists(f) ? Long.parseLong(Files.readString(f).trim()) : 0;
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new AssertionError(String.join(" ", command) + ": " + out);
        }
    }
}

package dev.cortado.shim.launch;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import dev.cortado.shim.linux.LinuxSyscalls;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Spawns cortado-init with a plan and reads its one-line report: fd 3 carries the plan, fd 4
 * the report, fd 5 the sealed copy of the binary that it runs from.
 */
final class InitSpawner {
    /** The child fd that carries the sealed copy of cortado-init, which execs it by path. */
    static final int INIT_FD = 5;

    private static final int O_WRONLY = 1;
    private static final int O_RDWR = 2;
    private static final int O_CREAT = 0100;
    private static final int O_APPEND = 02000;

    private final LinuxSyscalls sys;
    private final Path initBinary;
    // @GuardedBy("this"): the sealed copy, made once and shared by every monitor (one copy
    // in memory however many containers run)
    private int sealedInit = -1;

    InitSpawner(LinuxSyscalls sys, Path initBinary) {
        this.sys = sys;
        this.initBinary = initBinary;
    }

    /**
     * Runs cortado-init on {@code plan}; fails with the report's message unless it says "ok".
     * Every fd it opens is closed and the spawned process reaped whichever step fails.
     */
    void spawn(String what, String name, byte[] plan, Path stateDir) {
        List<Integer> fds = new ArrayList<>();
        int pid = -1;
        String line;
        try {
            int[] planPipe = opened(fds, sys.pipe());
            int[] report = opened(fds, sys.pipe());
            int log =
                    opened(fds, sys.open(stateDir.resolve("init.log").toString(), O_WRONLY | O_CREAT | O_APPEND, 0600));
            int devNull = opened(fds, sys.open("/dev/null", O_RDWR, 0));
            // cortado-init runs from a sealed memfd: a container process that reaches one of
            // its processes (the container before execve, an exec helper joining the
            // container) sees that copy at /proc/PID/exe and cannot rewrite the host's binary
            // (CVE-2019-5736)
            pid = sys.spawn(
                    "/proc/self/fd/" + INIT_FD,
                    List.of("cortado-init", name),
                    List.of(),
                    Map.of(0, devNull, 1, log, 2, log, 3, planPipe[0], 4, report[1], INIT_FD, sealedInit()));
            closeEach(fds, planPipe[0], report[1], log, devNull);
            try {
                sys.write(planPipe[1], plan);
            } catch (CortadoException e) {
                // EPIPE: cortado-init died early; its report says why
            }
            closeEach(fds, planPipe[1]);
            line = readLine(report[0]);
        } finally {
            closeEach(fds, fds.stream().mapToInt(Integer::intValue).toArray());
            if (pid > 0) {
                sys.waitPid(pid); // the intermediate process, which exits as soon as the monitor detached
            }
        }
        if (!line.startsWith("ok ")) {
            throw new CortadoException(
                    ErrorKind.FAILED_PRECONDITION,
                    what + ": "
                            + (line.isEmpty()
                                    ? "cortado-init exited without a report"
                                    : line.replaceFirst("^error ", "")));
        }
    }

    private static int[] opened(List<Integer> fds, int... opened) {
        for (int fd : opened) {
            fds.add(fd);
        }
        return opened;
    }

    private static int opened(List<Integer> fds, int fd) {
        fds.add(fd);
        return fd;
    }

    private void closeEach(List<Integer> open, int... fds) {
        for (int fd : fds) {
            if (open.remove(Integer.valueOf(fd))) {
                sys.close(fd);
            }
        }
    }

    private synchronized int sealedInit() {
        if (sealedInit < 0) {
            sealedInit = sys.sealedCopy(initBinary);
        }
        return sealedInit;
    }

    private String readLine(int fd) {
        StringBuilder out = new StringBuilder();
        byte[] buf = new byte[1024];
        int n;
        while (out.indexOf("\n") < 0 && (n = sys.read(fd, buf)) > 0) {
            out.append(new String(buf, 0, n, StandardCharsets.UTF_8));
        }
        return out.toString().trim();
    }
}

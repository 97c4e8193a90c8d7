package dev.cortado.shim.launch;

import dev.cortado.shim.spec.LinuxSpec.Device;
import java.util.ArrayList;
import java.util.List;

/**
 * The nodes and links cortado-init creates in the container's {@code /dev} tmpfs: runc's
 * default devices, the spec's devices, and the {@code /dev/fd}-style symlinks.
 */
final class DevicePlan {
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFIFO = 0010000;
    /** null, zero, full, random, urandom, tty: runc's AllowedDevices that get nodes. */
    static final List<Device> DEFAULTS = List.of(
            new Device("/dev/null", "c", 1, 3, 0666, 0L, 0L),
            new Device("/dev/zero", "c", 1, 5, 0666, 0L, 0L),
            new Device("/dev/full", "c", 1, 7, 0666, 0L, 0L),
            new Device("/dev/random", "c", 1, 8, 0666, 0L, 0L),
            new Device("/dev/urandom", "c", 1, 9, 0666, 0L, 0L),
            new Device("/dev/tty", "c", 5, 0, 0666, 0L, 0L));

    static final List<String[]> LINKS = List.of(
            new String[] {"/proc/self/fd", "/dev/fd"},
            new String[] {"/proc/self/fd/0", "/dev/stdin"},
            new String[] {"/proc/self/fd/1", "/dev/stdout"},
            new String[] {"/proc/self/fd/2", "/dev/stderr"},
            new String[] {"pts/ptmx", "/dev/ptmx"});

    private DevicePlan() {}

    /** Adds mknod and symlink records for the defaults plus {@code extra}. */
    static void write(PlanWriter plan, List<Device> extra) {
        List<Device> all = new ArrayList<>(DEFAULTS);
        all.addAll(extra);
        for (Device d : all) {
            if (!d.path().startsWith("/dev/") || d.path().contains("/../")) {
                throw new dev.cortado.errors.CortadoException(
                        dev.cortado.errors.ErrorKind.INVALID_ARGUMENT, "device path must be under /dev: " + d.path());
            }
            int type = switch (d.type()) {
                case "c", "u" -> S_IFCHR;
                case "b" -> S_IFBLK;
                case "p" -> S_IFIFO;
                default ->
                    throw new dev.cortado.errors.CortadoException(
                            dev.cortado.errors.ErrorKind.INVALID_ARGUMENT, "bad device type " + d.type());
            };
            int mode = d.fileMode() == null ? 0666 : d.fileMode() & 07777;
            plan.add(
                    "mknod",
                    d.path(),
                    Integer.toString(type | mode),
                    Long.toString(d.major()),
                    Long.toString(d.minor()),
                    Long.toString(d.uid() == null ? 0 : d.uid()),
                    Long.toString(d.gid() == null ? 0 : d.gid()));
        }
        for (String[] link : LINKS) {
            plan.add("symlink", link[0], link[1]);
        }
    }
}

package dev.cortado.integration.containers;

import java.util.ArrayList;
import java.util.List;

/**
 * The probe image's script and what it printed: one {@code key value} line per fact the
 * container sees (env, ids, capabilities, no_new_privs, seccomp, cwd, hostname, hosts, DNS,
 * masked and read-only paths, the root's and the mounts' writability, the pod's /dev/shm), and
 * at the end it writes /dev/termination-log. Only busybox sh builtins and applets.
 */
final class Probe {
    static final String SHARED_SHM_FILE = "/dev/shm/ctr-it-shared";
    static final String SCRIPT = """
            #!/bin/sh
            env | while IFS= read -r l; do echo "env $l"; done
            grep -E '^(Uid|Gid|Groups|CapInh|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs|Seccomp):' /proc/self/status |
              while IFS= read -r l; do echo "status $l"; done
            echo "cwd $(pwd)"
            echo "hostname $(hostname)"
            while IFS= read -r l; do echo "hosts $l"; done < /etc/hosts
            while IFS= read -r l; do echo "resolv $l"; done < /etc/resolv.conf
            for p in /proc/kcore /proc/keys /proc/timer_list /proc/sched_debug; do
              echo "masked-file $p $(stat -c '%F %t:%T' $p 2>&1)"
            done
            for p in /proc/acpi /proc/scsi /sys/firmware; do
              [ -d $p ] && echo "masked-dir $p $(ls -A $p | wc -l)"
            done
            while read -r id parent dev root mp opts rest; do
              case $mp in /proc/bus|/proc/fs|/proc/irq|/proc/sys|/proc/sysrq-trigger) echo "ro-path $mp $opts";; esac
            done < /proc/self/mountinfo
            if touch /probe-was-here 2>/dev/null; then echo "rootfs writable"; else echo "rootfs readonly"; fi
            echo "mount-rw $(cat /mnt/rw/hello.txt)"
            if echo from-probe > /mnt/rw/from-probe; then echo "mount-rw-write ok"; else echo "mount-rw-write failed"; fi
            echo "mount-ro $(cat /mnt/ro/hello.txt)"
            if touch /mnt/ro/x 2>/dev/null; then echo "mount-ro-write ok"; else echo "mount-ro-write failed"; fi
            echo "shm $(cat /dev/shm/ctr-it-shared 2>&1)"
            echo "probe finished" > /dev/termination-log && echo "termination-log written"
            """;

    private final List<String> lines;

    private Probe(List<String> lines) {
        this.lines = List.copyOf(lines);
    }

    /** The probe's stdout lines as the container log holds them. */
    static Probe of(List<String> stdout) {
        return new Probe(stdout);
    }

    /** The values of every line with {@code key}, in order. */
    List<String> all(String key) {
        List<String> values = new ArrayList<>();
        for (String l : lines) {
            if (l.startsWith(key + " ")) {
                values.add(l.substring(key.length() + 1));
            }
        }
        return values;
    }

    /** The one value of {@code key}; an AssertionError naming every line when it is not there once. */
    String one(String key) {
        List<String> values = all(key);
        if (values.size() != 1) {
            throw new AssertionError(
                    "probe printed " + values.size() + " '" + key + "' lines:\n" + String.join("\n", lines));
        }
        return values.get(0);
    }

    /** The value of a /proc/self/status field, e.g. {@code CapBnd}, whitespace collapsed. */
    String status(String field) {
        return all("status").stream()
                .filter(l -> l.startsWith(field + ":"))
                .map(l -> l.substring(field.length() + 1).trim().replaceAll("\\s+", " "))
                .findFirst()
                .orElseThrow(
                        () -> new AssertionError("no " + field + " in the probe's status lines: " + all("status")));
    }

    /** The environment as the probe's {@code env} printed it, one {@code NAME=VALUE} per entry. */
    List<String> env() {
        return all("env");
    }

    @Override
    public String toString() {
        return String.join("\n", lines);
    }
}

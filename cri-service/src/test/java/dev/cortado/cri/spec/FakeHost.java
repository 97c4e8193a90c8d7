package dev.cortado.cri.spec;

import dev.cortado.errors.CortadoException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A host for spec tests: every fact is a field the test sets; mount sources are recorded. */
final class FakeHost implements HostFacts {
    static final List<String> ALL_CAPS = List.of(
            "CAP_CHOWN",
            "CAP_DAC_OVERRIDE",
            "CAP_DAC_READ_SEARCH",
            "CAP_FOWNER",
            "CAP_FSETID",
            "CAP_KILL",
            "CAP_SETGID",
            "CAP_SETUID",
            "CAP_SETPCAP",
            "CAP_LINUX_IMMUTABLE",
            "CAP_NET_BIND_SERVICE",
            "CAP_NET_BROADCAST",
            "CAP_NET_ADMIN",
            "CAP_NET_RAW",
            "CAP_IPC_LOCK",
            "CAP_IPC_OWNER",
            "CAP_SYS_MODULE",
            "CAP_SYS_RAWIO",
            "CAP_SYS_CHROOT",
            "CAP_SYS_PTRACE",
            "CAP_SYS_PACCT",
            "CAP_SYS_ADMIN",
            "CAP_SYS_BOOT",
            "CAP_SYS_NICE",
            "CAP_SYS_RESOURCE",
            "CAP_SYS_TIME",
            "CAP_SYS_TTY_CONFIG",
            "CAP_MKNOD",
            "CAP_LEASE",
            "CAP_AUDIT_WRITE",
            "CAP_AUDIT_CONTROL",
            "CAP_SETFCAP",
            "CAP_MAC_OVERRIDE",
            "CAP_MAC_ADMIN",
            "CAP_SYSLOG",
            "CAP_WAKE_ALARM",
            "CAP_BLOCK_SUSPEND",
            "CAP_AUDIT_READ",
            "CAP_PERFMON",
            "CAP_BPF",
            "CAP_CHECKPOINT_RESTORE");

    final Map<String, HostDevice> devices = new HashMap<>();
    final List<HostDevice> allDevices = new ArrayList<>();
    final Map<String, String> symlinks = new HashMap<>();
    final Map<String, Propagation> propagations = new HashMap<>();
    final Map<String, String> files = new HashMap<>();
    final Set<String> apparmorProfiles = new HashSet<>();
    final List<String> mountSources = new ArrayList<>();
    boolean apparmor;
    boolean seccomp = true;
    boolean cdiDirs;

    FakeHost device(String path, String type, long major, long minor) {
        HostDevice d = new HostDevice(path, type, major, minor, 0666, 0, 0);
        devices.put(path, d);
        allDevices.add(d);
        return this;
    }

    @Override
    public Optional<HostDevice> device(String path) {
        return Optional.ofNullable(devices.get(symlinks.getOrDefault(path, path)));
    }

    @Override
    public List<HostDevice> allDevices() {
        return allDevices;
    }

    @Override
    public String mountSource(String hostPath) {
        mountSources.add(hostPath);
        return symlinks.getOrDefault(hostPath, hostPath);
    }

    @Override
    public Propagation propagation(String path) {
        return propagations.getOrDefault(path, Propagation.PRIVATE);
    }

    @Override
    public boolean apparmorEnabled() {
        return apparmor;
    }

    @Override
    public boolean apparmorProfileLoaded(String name) {
        return apparmorProfiles.contains(name);
    }

    @Override
    public boolean seccompEnabled() {
        return seccomp;
    }

    @Override
    public boolean cdiSpecDirsPresent() {
        return cdiDirs;
    }

    @Override
    public List<String> allCapabilities() {
        return ALL_CAPS;
    }

    @Override
    public Optional<String> readFile(String path, long maxBytes) {
        String text = files.get(path);
        if (text != null && text.length() > maxBytes) {
            throw CortadoException.invalidArgument("%s is larger than %d bytes", path, maxBytes);
        }
        return Optional.ofNullable(text);
    }
}

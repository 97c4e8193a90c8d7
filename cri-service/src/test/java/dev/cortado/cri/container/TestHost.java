package dev.cortado.cri.container;

import dev.cortado.cri.spec.HostFacts;
import java.util.List;
import java.util.Optional;

/** A host with no devices, no AppArmor, seccomp on and the usual capabilities: the spec builder's input. */
final class TestHost implements HostFacts {
    private static final List<String> CAPS = List.of(
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

    @Override
    public Optional<HostDevice> device(String path) {
        return Optional.empty();
    }

    @Override
    public List<HostDevice> allDevices() {
        return List.of();
    }

    @Override
    public String mountSource(String hostPath) {
        return hostPath;
    }

    @Override
    public Propagation propagation(String path) {
        return Propagation.PRIVATE;
    }

    @Override
    public boolean apparmorEnabled() {
        return false;
    }

    @Override
    public boolean apparmorProfileLoaded(String name) {
        return false;
    }

    @Override
    public boolean seccompEnabled() {
        return true;
    }

    @Override
    public boolean cdiSpecDirsPresent() {
        return false;
    }

    @Override
    public List<String> allCapabilities() {
        return CAPS;
    }

    @Override
    public Optional<String> readFile(String path, long maxBytes) {
        return Optional.empty();
    }
}

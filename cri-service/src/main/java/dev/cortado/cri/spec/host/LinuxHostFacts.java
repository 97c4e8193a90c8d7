package dev.cortado.cri.spec.host;

import dev.cortado.cri.spec.HostFacts;
import dev.cortado.errors.CortadoException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * This host's facts, read from {@code /proc}, {@code /sys} and {@code /dev} under a root that
 * tests point at a temporary directory. Only reads, except {@link #mountSource}, which creates a
 * missing host path as containerd does.
 */
public final class LinuxHostFacts implements HostFacts {
    private final Path root;
    private final HostDevices devices;

    /** The real host. */
    public LinuxHostFacts() {
        this(Path.of("/"));
    }

    /** A host whose {@code /proc}, {@code /sys}, {@code /dev} and {@code /etc} are under {@code root}. */
    public LinuxHostFacts(Path root) {
        this.root = root;
        this.devices = new HostDevices(root.resolve("dev"));
    }

    @Override
    public Optional<HostDevice> device(String path) {
        return devices.device(path);
    }

    @Override
    public List<HostDevice> allDevices() {
        return devices.all();
    }

    @Override
    public String mountSource(String hostPath) {
        Path p = Path.of(hostPath);
        try {
            if (!Files.exists(p)) {
                Files.createDirectories(p);
            }
            return p.toRealPath().toString();
        } catch (IOException e) {
            throw CortadoException.internal("prepare mount source " + hostPath, e);
        }
    }

    @Override
    public Propagation propagation(String path) {
        return MountInfo.propagation(text("proc/self/mountinfo").orElse(""), path);
    }

    @Override
    public boolean apparmorEnabled() {
        return text("sys/module/apparmor/parameters/enabled")
                .map(s -> s.startsWith("Y"))
                .orElse(false);
    }

    @Override
    public boolean apparmorProfileLoaded(String name) {
        return text("sys/kernel/security/apparmor/profiles")
                .map(s -> s.lines().anyMatch(l -> l.startsWith(name + " (")))
                .orElse(false);
    }

    @Override
    public boolean seccompEnabled() {
        return text("proc/self/status")
                .map(s -> s.lines().anyMatch(l -> l.startsWith("Seccomp:")))
                .orElse(false);
    }

    @Override
    public boolean cdiSpecDirsPresent() {
        return Files.isDirectory(root.resolve("etc/cdi")) || Files.isDirectory(root.resolve("var/run/cdi"));
    }

    @Override
    public List<String> allCapabilities() {
        int last = text("proc/sys/kernel/cap_last_cap")
                .map(String::strip)
                .map(Integer::parseInt)
                .orElse(CapabilityNames.NAMES.size() - 1);
        return CapabilityNames.upTo(last);
    }

    @Override
    public Optional<String> readFile(String path, long maxBytes) {
        Path p = Path.of(path);
        try {
            if (Files.size(p) > maxBytes) {
                throw CortadoException.invalidArgument("%s is larger than %d bytes", path, maxBytes);
            }
            return Optional.of(Files.readString(p, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw CortadoException.internal("read " + path, e);
        }
    }

    /**
     * One read of up to 8 KiB, then to EOF: a /proc/sys integer answers only a read at offset 0
     * (proc_dointvec), and Files.readString, trusting the file's size of 0, reads one byte first
     * and then gets EOF ("4" for cap_last_cap 40).
     */
    private Optional<String> text(String relative) {
        try (InputStream in = Files.newInputStream(root.resolve(relative))) {
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}

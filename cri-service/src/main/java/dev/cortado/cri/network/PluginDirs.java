package dev.cortado.cri.network;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The directories CNI plugin binaries are searched in, in order (CNI_PATH). */
public final class PluginDirs {
    private final List<Path> dirs;

    public PluginDirs(List<Path> dirs) {
        this.dirs = List.copyOf(dirs);
    }

    /** The plugin executable for a type: the first regular, executable file of that name. */
    public Optional<Path> find(String type) {
        for (Path dir : dirs) {
            Path candidate = dir.resolve(type);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The value of CNI_PATH: the dirs joined with {@code :}, so plugins find IPAM plugins there too. */
    public String cniPath() {
        return dirs.stream().map(Path::toString).collect(Collectors.joining(":"));
    }

    public List<Path> dirs() {
        return dirs;
    }

    @Override
    public String toString() {
        return dirs.toString();
    }
}

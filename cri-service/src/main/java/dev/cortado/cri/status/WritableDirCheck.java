package dev.cortado.cri.status;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Checks that a state directory the runtime writes to exists and is writable. */
public final class WritableDirCheck implements ReadinessCheck {
    private final String name;
    private final Path dir;

    public WritableDirCheck(String name, Path dir) {
        this.name = name;
        this.dir = dir;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Optional<Failure> check() {
        if (!Files.isDirectory(dir)) {
            return Optional.of(new Failure("StateDirMissing", name + " directory " + dir + " does not exist"));
        }
        if (!Files.isWritable(dir)) {
            return Optional.of(new Failure("StateDirNotWritable", name + " directory " + dir + " is not writable"));
        }
        return Optional.empty();
    }
}

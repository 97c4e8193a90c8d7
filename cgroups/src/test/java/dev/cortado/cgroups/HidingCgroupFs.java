package dev.cortado.cgroups;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** The real cgroupfs with some file names hidden, to exercise fallbacks for older kernels on a new one. */
public final class HidingCgroupFs implements CgroupFs {
    private final RealCgroupFs real = new RealCgroupFs();
    private final Set<String> hidden;

    /** Hides files with these names. */
    public HidingCgroupFs(Set<String> hidden) {
        this.hidden = Set.copyOf(hidden);
    }

    @Override
    public String read(Path file) throws IOException {
        return real.read(file);
    }

    @Override
    public void write(Path file, String value) throws IOException {
        real.write(file, value);
    }

    @Override
    public boolean exists(Path path) {
        return !hidden.contains(path.getFileName().toString()) && real.exists(path);
    }

    @Override
    public boolean isSymlink(Path path) {
        return real.isSymlink(path);
    }

    @Override
    public boolean mkdir(Path dir) throws IOException {
        return real.mkdir(dir);
    }

    @Override
    public void rmdir(Path dir) throws IOException {
        real.rmdir(dir);
    }

    @Override
    public List<Path> childDirs(Path dir) throws IOException {
        return real.childDirs(dir);
    }
}

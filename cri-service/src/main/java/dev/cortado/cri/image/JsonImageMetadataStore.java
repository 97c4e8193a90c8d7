package dev.cortado.cri.image;

import dev.cortado.cri.image.reference.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import tools.jackson.databind.json.JsonMapper;

/**
 * Image records as one JSON file each under {@code <root>/images}, written temp + fsync + rename
 * + directory fsync, so a crash leaves either the old or the new record, never a torn one.
 */
public final class JsonImageMetadataStore implements ImageMetadataStore {
    private final Path dir;
    private final JsonMapper json = JsonMapper.builder().build();

    /** A store under {@code root}. */
    public JsonImageMetadataStore(Path root) {
        this.dir = root.resolve("images");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create image metadata directory " + dir, e);
        }
    }

    private Path file(String id) {
        return dir.resolve(Digest.parse(id).hex() + ".json");
    }

    @Override
    public synchronized void put(Image image) {
        Path target = file(image.id());
        Path tmp = dir.resolve(target.getFileName() + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(json.writeValueAsBytes(image)));
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write image record " + target, e);
        }
    }

    @Override
    public Optional<Image> get(String id) {
        Path f = file(id);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(Files.readAllBytes(f), Image.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read image record " + f, e);
        }
    }

    @Override
    public List<Image> list() {
        List<Image> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                if (name.endsWith(".json")) {
                    get("sha256:" + name.substring(0, name.length() - 5)).ifPresent(out::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list image records in " + dir, e);
        }
        return out;
    }

    @Override
    public synchronized void delete(String id) {
        try {
            Files.deleteIfExists(file(id));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete image record " + id, e);
        }
    }
}

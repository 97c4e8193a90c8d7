package dev.cortado.cri.spec.host;

import dev.cortado.cri.spec.RootfsFiles;
import dev.cortado.errors.CortadoException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Reads files of an unpacked or mounted rootfs directory as the container would see them:
 * symlinks are followed inside the rootfs, an absolute link target starts again at the rootfs
 * and {@code ..} never climbs above it (containerd's {@code fs.RootPath}), so an image's
 * {@code /etc/passwd -> /../../host/etc/shadow} reads the image's own path, never the host's.
 */
public final class DirectoryRootfs implements RootfsFiles {
    private static final int MAX_LINKS = 40;

    private final Path root;

    public DirectoryRootfs(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public Optional<String> read(String path, long maxBytes) {
        try {
            Optional<Path> file = resolve(path);
            if (file.isEmpty()) {
                return Optional.empty();
            }
            BasicFileAttributes attrs =
                    Files.readAttributes(file.get(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attrs.isRegularFile()) {
                throw CortadoException.invalidArgument("image %s is not a regular file", path);
            }
            if (attrs.size() > maxBytes) {
                throw CortadoException.invalidArgument("image %s is larger than %d bytes", path, maxBytes);
            }
            byte[] bytes = Files.readAllBytes(file.get());
            if (bytes.length > maxBytes) {
                throw CortadoException.invalidArgument("image %s is larger than %d bytes", path, maxBytes);
            }
            return Optional.of(new String(bytes, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw CortadoException.internal("read image file " + path + " under " + root, e);
        }
    }

    /** The host path of {@code path} inside the rootfs, links resolved in scope; empty when absent. */
    Optional<Path> resolve(String path) throws IOException {
        Deque<String> todo = new ArrayDeque<>(split(path));
        List<String> done = new ArrayList<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String part = todo.removeFirst();
            if (part.equals("..")) {
                if (!done.isEmpty()) {
                    done.remove(done.size() - 1);
                }
                continue;
            }
            Path current = root.resolve(String.join("/", done)).resolve(part);
            if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            if (Files.isSymbolicLink(current)) {
                if (++links > MAX_LINKS) {
                    throw CortadoException.invalidArgument("too many symlinks resolving image path %s", path);
                }
                String target = Files.readSymbolicLink(current).toString();
                if (target.startsWith("/")) {
                    done.clear();
                }
                List<String> parts = split(target);
                for (int i = parts.size() - 1; i >= 0; i--) {
                    todo.addFirst(parts.get(i));
                }
                continue;
            }
            done.add(part);
        }
        return Optional.of(root.resolve(String.join("/", done)));
    }

    private static List<String> split(String path) {
        List<String> parts = new ArrayList<>();
        for (String p : path.split("/")) {
            if (!p.isEmpty() && !p.equals(".")) {
                parts.add(p);
            }
        }
        return parts;
    }
}

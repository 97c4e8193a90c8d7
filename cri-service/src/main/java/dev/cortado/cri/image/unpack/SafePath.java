package dev.cortado.cri.image.unpack;

import dev.cortado.errors.CortadoException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Resolves names inside a root as if the root were {@code /} (containerd's {@code fs.RootPath}):
 * {@code ..} stops at the root, and symlinks met on the way are followed with absolute targets
 * re-rooted, so the result is always lexically and physically inside the root.
 */
final class SafePath {
    private static final int MAX_LINKS = 255;

    private SafePath() {}

    /** The lexically cleaned components of a tar name: no empty, {@code .} or escaping {@code ..} parts. */
    static List<String> clean(String name) {
        if (name.indexOf('\0') >= 0) {
            throw CortadoException.invalidArgument("tar entry name contains a NUL byte");
        }
        List<String> out = new ArrayList<>();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!out.isEmpty()) {
                    out.remove(out.size() - 1);
                }
                continue;
            }
            out.add(part);
        }
        return out;
    }

    /** Resolves {@code components} under {@code root}, following symlinks in every component. */
    static Path resolve(Path root, List<String> components) throws IOException {
        Deque<String> todo = new ArrayDeque<>(components);
        List<String> done = new ArrayList<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String part = todo.removeFirst();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!done.isEmpty()) {
                    done.remove(done.size() - 1);
                }
                continue;
            }
            Path candidate = join(root, done).resolve(part);
            if (Files.isSymbolicLink(candidate)) {
                if (++links > MAX_LINKS) {
                    throw CortadoException.invalidArgument("too many levels of symbolic links under %s", root);
                }
                String target = Files.readSymbolicLink(candidate).toString();
                if (target.startsWith("/")) {
                    done.clear();
                }
                String[] parts = target.split("/");
                for (int i = parts.length - 1; i >= 0; i--) {
                    todo.addFirst(parts[i]);
                }
                continue;
            }
            done.add(part);
        }
        return join(root, done);
    }

    static Path join(Path root, List<String> parts) {
        Path p = root;
        for (String part : parts) {
            p = p.resolve(part);
        }
        return p;
    }
}

package dev.cortado.cri.spec;

import dev.cortado.errors.CortadoException;
import java.util.Map;
import java.util.Optional;

/** An image rootfs made of a map from path to content. */
record MapRootfs(Map<String, String> files) implements RootfsFiles {
    /** The rootfs of the critest image test-image-predefined-group: user 1000 is in group 50000. */
    static final MapRootfs PREDEFINED_GROUP = new MapRootfs(Map.of(
            "/etc/passwd", "root:x:0:0:root:/root:/bin/sh\nuser1000:x:1000:1000::/home/user1000:/bin/sh\n",
            "/etc/group", "root:x:0:\nuser1000:x:1000:\ngroup50000:x:50000:user1000\n"));

    @Override
    public Optional<String> read(String path, long maxBytes) {
        String text = files.get(path);
        if (text != null && text.length() > maxBytes) {
            throw CortadoException.invalidArgument("image %s is larger than %d bytes", path, maxBytes);
        }
        return Optional.ofNullable(text);
    }
}

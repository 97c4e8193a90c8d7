package dev.cortado.shim.bootstrap;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The endpoints a server has opened, in {@code endpoints.json} of the state root, so that a
 * server started after a {@code kill -9} reopens the very sockets containerd knows (1.6 keeps
 * them in {@code <bundle>/address}, 2.x in {@code bootstrap.json}). Written atomically.
 */
final class EndpointStore {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path file;

    EndpointStore(StateRoot root) {
        this.file = root.dir().resolve("endpoints.json");
    }

    /** The endpoints saved last; none if there is no (readable) file. */
    List<Endpoint> load() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return JSON.readValue(file.toFile(), new TypeReference<List<Endpoint>>() {});
        } catch (JacksonException | CortadoException e) {
            // a torn or foreign file: the namespaces of re-adopted tasks still get default sockets
            org.slf4j.LoggerFactory.getLogger(EndpointStore.class).warn("ignoring {}: {}", file, e.toString());
            return List.of();
        }
    }

    void save(List<Endpoint> endpoints) {
        try {
            Path tmp = file.resolveSibling(".endpoints.json");
            JSON.writeValue(tmp.toFile(), endpoints);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (JacksonException | IOException e) {
            throw new CortadoException(ErrorKind.INTERNAL, "save " + file, e);
        }
    }

    /** Forgets every endpoint (the server stops with no task left). */
    void clear() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new CortadoException(ErrorKind.INTERNAL, "remove " + file, e);
        }
    }
}

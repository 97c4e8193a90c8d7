package dev.cortado.cri.runtime;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code <bundle>/bootstrap.json}: the handler and the bootstrap reply of a task's shim, so that
 * a restarted cortado reconnects to it ({@link Tasks#recover}) as containerd keeps
 * {@code <bundle>/address} and {@code bootstrap.json}. Written atomically (temp, rename) without
 * fsync: what it must survive is a crash of cortado ({@code kill -9}), after which the page
 * cache still holds it; after a power loss the shim it names is gone too, and an unreadable file
 * is a task recover reports lost (DATA_LOSS), as it would be with the file intact.
 */
record BootstrapFile(String handler, BootstrapReply reply) {
    static final String NAME = "bootstrap.json";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    void write(Path bundle) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("handler", handler);
        doc.put("version", reply.version());
        doc.put("address", reply.socket().toString());
        doc.put("protocol", reply.protocol().name().toLowerCase(java.util.Locale.ROOT));
        Path target = bundle.resolve(NAME);
        Path tmp = bundle.resolve("." + NAME + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(
                    tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(JSON.writeValueAsBytes(doc)));
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new CortadoException(ErrorKind.INTERNAL, "cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                // the rename took it, or the bundle is gone
            }
        }
    }

    /** Reads it back: NOT_FOUND when the bundle has none, DATA_LOSS when it does not parse. */
    static BootstrapFile read(Path bundle) {
        Path file = bundle.resolve(NAME);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw CortadoException.notFound("no shim recorded for bundle %s (%s is missing)", bundle, NAME);
        } catch (IOException e) {
            throw new CortadoException(ErrorKind.INTERNAL, "cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            JsonNode node = JSON.readTree(bytes);
            JsonNode handler = node.get("handler");
            JsonNode version = node.get("version");
            JsonNode address = node.get("address");
            JsonNode protocol = node.get("protocol");
            if (handler == null
                    || !handler.isString()
                    || version == null
                    || !version.isIntegralNumber()
                    || address == null
                    || !address.isString()
                    || protocol == null
                    || !protocol.isString()) {
                throw new CortadoException(ErrorKind.DATA_LOSS, file + " lacks handler, version, address or protocol");
            }
            BootstrapReply.Protocol p = switch (protocol.asString()) {
                case "ttrpc" -> BootstrapReply.Protocol.TTRPC;
                case "grpc" -> BootstrapReply.Protocol.GRPC;
                default ->
                    throw new CortadoException(
                            ErrorKind.DATA_LOSS, file + " names an unknown protocol " + protocol.asString());
            };
            return new BootstrapFile(
                    handler.asString(), new BootstrapReply(version.intValue(), Path.of(address.asString()), p));
        } catch (JacksonException e) {
            throw new CortadoException(ErrorKind.DATA_LOSS, file + " is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    static void remove(Path bundle) {
        try {
            Files.deleteIfExists(bundle.resolve(NAME));
        } catch (IOException e) {
            // best effort: the container service removes the bundle anyway
        }
    }
}

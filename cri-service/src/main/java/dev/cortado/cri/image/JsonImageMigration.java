package dev.cortado.cri.image;

import dev.cortado.cri.image.reference.Digest;
import dev.cortado.cri.store.ImageRecords;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Moves the image records that cortado kept as {@code <root>/images/<hex>.json} before the
 * metadata database existed into it: all records in one transaction, then the files go.
 *
 * <p>Crash-safe in both orders: before the commit the files are intact; after it the database
 * holds every record, and a rerun over files that survived a crash adds nothing (the database
 * wins). A file that does not parse stops the start with its name rather than losing an image.
 */
final class JsonImageMigration {
    private static final Logger LOG = LoggerFactory.getLogger(JsonImageMigration.class);
    private static final String RECORD = ".json";
    /** What the JSON store left when it crashed between writing and renaming: never a record. */
    private static final String TORN = ".json.tmp";

    private JsonImageMigration() {}

    static void run(Path root, ImageRecords records) {
        Path dir = root.resolve("images");
        if (!Files.isDirectory(dir)) {
            return;
        }
        JsonMapper json = JsonMapper.builder().build();
        Map<String, byte[]> found = new LinkedHashMap<>();
        List<Path> migrated = new ArrayList<>();
        for (Path file : files(dir)) {
            String name = file.getFileName().toString();
            if (name.endsWith(TORN)) {
                migrated.add(file);
            } else if (name.endsWith(RECORD)) {
                Image image = read(json, file);
                found.put(image.id(), json.writeValueAsBytes(image));
                migrated.add(file);
            }
        }
        int added = records.putAbsent(found);
        for (Path file : migrated) {
            delete(file);
        }
        try {
            Files.delete(dir);
        } catch (IOException e) {
            LOG.warn("image records moved into the metadata database, but {} stays: {}", dir, e.toString());
        }
        LOG.info(
                "moved {} image records from {} into the metadata database ({} already there)",
                found.size(),
                dir,
                found.size() - added);
    }

    private static Image read(JsonMapper json, Path file) {
        Image image;
        try {
            image = json.readValue(Files.readAllBytes(file), Image.class);
        } catch (IOException | JacksonException e) {
            throw unreadable(file, e.getMessage(), e);
        }
        String stem = file.getFileName().toString().replace(RECORD, "");
        if (!Digest.isDigest(image.id()) || !Digest.parse(image.id()).hex().equals(stem)) {
            throw unreadable(file, "its id " + image.id() + " does not match the file name", null);
        }
        return image;
    }

    private static CortadoException unreadable(Path file, String why, Throwable cause) {
        return new CortadoException(
                ErrorKind.DATA_LOSS,
                "cannot move image record " + file + " into the metadata " + "database: " + why
                        + "; fix or remove the file (its image will be pulled again) and start cortado again",
                cause);
    }

    private static List<Path> files(Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            return list.sorted().toList();
        } catch (IOException e) {
            throw new CortadoException(
                    ErrorKind.UNAVAILABLE, "cannot list image records in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new CortadoException(
                    ErrorKind.UNAVAILABLE,
                    "image records are in the metadata database, but " + file + " cannot be removed: " + e.getMessage(),
                    e);
        }
    }
}

package dev.cortado.cri.image;

import dev.cortado.cri.image.reference.Digest;
import dev.cortado.cri.store.ImageRecords;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Image records in the metadata database, one JSON document each (the same encoding the JSON
 * files used, so the migration is a copy). Each call is one transaction.
 */
public final class SqliteImageMetadataStore implements ImageMetadataStore {
    private final ImageRecords records;
    private final JsonMapper json = JsonMapper.builder().build();

    private SqliteImageMetadataStore(ImageRecords records) {
        this.records = records;
    }

    /**
     * The store over {@code records}, after moving any image records the JSON store left under
     * {@code root} into it (see {@link JsonImageMigration}).
     */
    public static SqliteImageMetadataStore open(ImageRecords records, Path root) {
        JsonImageMigration.run(root, records);
        return new SqliteImageMetadataStore(records);
    }

    @Override
    public void put(Image image) {
        records.put(Digest.parse(image.id()).toString(), json.writeValueAsBytes(image));
    }

    @Override
    public Optional<Image> get(String id) {
        return records.get(id).map(bytes -> decode(id, bytes));
    }

    @Override
    public List<Image> list() {
        return records.list().entrySet().stream()
                .map(e -> decode(e.getKey(), e.getValue()))
                .toList();
    }

    @Override
    public void delete(String id) {
        records.delete(id);
    }

    private Image decode(String id, byte[] bytes) {
        try {
            return json.readValue(bytes, Image.class);
        } catch (JacksonException e) {
            throw new CortadoException(
                    ErrorKind.DATA_LOSS,
                    "image record " + id + " in the metadata database is " + "unreadable: " + e.getOriginalMessage(),
                    e);
        }
    }
}

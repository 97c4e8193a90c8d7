package dev.cortado.cri.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Image records in the metadata database, keyed by image id ({@code sha256:<hex>}). As for pods,
 * the image package owns the encoding; each call is one transaction or one read.
 */
public final class ImageRecords {
    private final SqliteDatabase db;

    ImageRecords(SqliteDatabase db) {
        this.db = db;
    }

    /** Stores or replaces the record, durably before returning. */
    public void put(String id, byte[] payload) {
        db.transaction(c -> {
            upsert(c, id, payload);
            return null;
        });
    }

    /**
     * Adds every record whose id is not stored yet, all in one transaction; the database wins over
     * what it already holds. Returns how many were added.
     */
    public int putAbsent(Map<String, byte[]> records) {
        return db.transaction(c -> {
            int added = 0;
            try (PreparedStatement s = c.prepareStatement("INSERT OR IGNORE INTO images (id, payload) VALUES (?, ?)")) {
                for (Map.Entry<String, byte[]> record : records.entrySet()) {
                    s.setString(1, record.getKey());
                    s.setBytes(2, record.getValue());
                    added += s.executeUpdate();
                }
            }
            return added;
        });
    }

    /** The record with this id. */
    public Optional<byte[]> get(String id) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT payload FROM images WHERE id = ?")) {
                s.setString(1, id);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(r.getBytes(1)) : Optional.<byte[]>empty();
                }
            }
        });
    }

    /** Every record by id, in id order. */
    public Map<String, byte[]> list() {
        return db.read(c -> {
            Map<String, byte[]> out = new LinkedHashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT id, payload FROM images ORDER BY id");
                    ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.put(r.getString(1), r.getBytes(2));
                }
            }
            return out;
        });
    }

    /** Deletes the record; absent is not an error. */
    public void delete(String id) {
        db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM images WHERE id = ?")) {
                s.setString(1, id);
                s.executeUpdate();
            }
            return null;
        });
    }

    private static void upsert(Connection c, String id, byte[] payload) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO images (id, payload) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET payload = excluded.payload")) {
            s.setString(1, id);
            s.setBytes(2, payload);
            s.executeUpdate();
        }
    }
}

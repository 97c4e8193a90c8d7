package dev.cortado.cri.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The SQL of sandbox and container rows: one table per kind, containers with their sandbox's id. */
final class Rows {
    private Rows() {}

    static String table(ObjectKind kind) {
        return switch (kind) {
            case SANDBOX -> "sandboxes";
            case CONTAINER -> "containers";
        };
    }

    private static String columns(ObjectKind kind) {
        return kind == ObjectKind.CONTAINER ? "id, sandbox_id, payload" : "id, NULL, payload";
    }

    static Optional<StoredObject> get(Connection c, ObjectKind kind, String id) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("SELECT " + columns(kind) + " FROM " + table(kind) + " WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(object(kind, r)) : Optional.empty();
            }
        }
    }

    static List<StoredObject> list(Connection c, ObjectKind kind) throws SQLException {
        List<StoredObject> out = new ArrayList<>();
        try (PreparedStatement s =
                        c.prepareStatement("SELECT " + columns(kind) + " FROM " + table(kind) + " ORDER BY id");
                ResultSet r = s.executeQuery()) {
            while (r.next()) {
                out.add(object(kind, r));
            }
        }
        return out;
    }

    /**
     * At most two ids at or after {@code prefix} in id order: every id that starts with a prefix
     * sorts right after it, so these decide unique, ambiguous or absent through the primary key.
     */
    static List<String> prefixCandidates(Connection c, ObjectKind kind, String prefix) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement s =
                c.prepareStatement("SELECT id FROM " + table(kind) + " WHERE id >= ? ORDER BY id LIMIT 2")) {
            s.setString(1, prefix);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
        }
        return out;
    }

    static void put(Connection c, StoredObject object) throws SQLException {
        if (object.kind() == ObjectKind.CONTAINER) {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO containers (id, sandbox_id, payload) VALUES (?, ?, ?) "
                            + "ON CONFLICT (id) DO UPDATE SET sandbox_id = excluded.sandbox_id, payload = excluded.payload")) {
                s.setString(1, object.id());
                s.setString(2, object.sandboxId().orElse(null));
                s.setBytes(3, object.payload());
                s.executeUpdate();
            }
            return;
        }
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO sandboxes (id, payload) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET payload = excluded.payload")) {
            s.setString(1, object.id());
            s.setBytes(2, object.payload());
            s.executeUpdate();
        }
    }

    static void delete(Connection c, ObjectKind kind, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table(kind) + " WHERE id = ?")) {
            s.setString(1, id);
            s.executeUpdate();
        }
    }

    /** One container that belongs to {@code sandboxId}, if any. */
    static Optional<String> containerOf(Connection c, String sandboxId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id FROM containers WHERE sandbox_id = ? LIMIT 1")) {
            s.setString(1, sandboxId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
            }
        }
    }

    private static StoredObject object(ObjectKind kind, ResultSet r) throws SQLException {
        byte[] payload = r.getBytes(3);
        // the driver reads a zero-length blob as null
        return new StoredObject(
                kind, r.getString(1), Optional.ofNullable(r.getString(2)), payload == null ? new byte[0] : payload);
    }
}

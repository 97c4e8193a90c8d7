package dev.cortado.cri.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/** The writes of one SQLite transaction; statements run on the database's connection as they are called. */
final class SqliteTransaction implements MetadataStore.Transaction {
    private final SqliteDatabase db;
    private final Connection c;
    /** Sandboxes a put container names or a delete removed: checked once, before commit. */
    private final Set<String> sandboxesToCheck = new LinkedHashSet<>();

    private final Changes changes;

    SqliteTransaction(SqliteDatabase db, Connection c, Changes changes) {
        this.db = db;
        this.c = c;
        this.changes = changes;
    }

    @Override
    public void reserveName(ObjectKind kind, String name, String ownerId) {
        Optional<String> holder = nameHolder(kind, name);
        if (holder.isPresent()) {
            if (!holder.get().equals(ownerId)) {
                throw StoreErrors.nameTaken(kind, name, holder.get());
            }
            return;
        }
        update(
                "reserving " + StoreErrors.what(kind) + " name " + name,
                "INSERT INTO names (kind, name, owner) VALUES (?, ?, ?)",
                kind.name(),
                name,
                ownerId);
    }

    @Override
    public void releaseName(ObjectKind kind, String name) {
        update(
                "releasing " + StoreErrors.what(kind) + " name " + name,
                "DELETE FROM names WHERE kind = ? AND name = ?",
                kind.name(),
                name);
    }

    @Override
    public Optional<String> nameHolder(ObjectKind kind, String name) {
        try (PreparedStatement s = c.prepareStatement("SELECT owner FROM names WHERE kind = ? AND name = ?")) {
            s.setString(1, kind.name());
            s.setString(2, name);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw db.failure("reading " + StoreErrors.what(kind) + " name " + name, e);
        }
    }

    @Override
    public void put(StoredObject object) {
        StoreErrors.requireNoSandboxOnSandbox(object);
        object.sandboxId().ifPresent(sandboxesToCheck::add);
        try {
            Rows.put(c, object);
            changes.put(object);
        } catch (SQLException e) {
            throw db.failure("writing " + StoreErrors.what(object.kind()) + " " + object.id(), e);
        }
    }

    @Override
    public void delete(ObjectKind kind, String id) {
        if (kind == ObjectKind.SANDBOX) {
            sandboxesToCheck.add(id);
        }
        try {
            Rows.delete(c, kind, id);
            changes.delete(kind, id);
        } catch (SQLException e) {
            throw db.failure("deleting " + StoreErrors.what(kind) + " " + id, e);
        }
    }

    @Override
    public Optional<StoredObject> get(ObjectKind kind, String id) {
        try {
            return Rows.get(c, kind, id);
        } catch (SQLException e) {
            throw db.failure("reading " + StoreErrors.what(kind) + " " + id, e);
        }
    }

    /**
     * FAILED_PRECONDITION naming the container if the transaction leaves one whose sandbox does
     * not exist; the schema's deferred foreign key would refuse the commit too, but without names.
     */
    void checkContainersHaveSandboxes() throws SQLException {
        for (String sandboxId : sandboxesToCheck) {
            if (Rows.get(c, ObjectKind.SANDBOX, sandboxId).isEmpty()) {
                Optional<String> orphan = Rows.containerOf(c, sandboxId);
                if (orphan.isPresent()) {
                    throw StoreErrors.orphan(orphan.get(), sandboxId);
                }
            }
        }
    }

    private void update(String what, String sql, String... args) {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setString(i + 1, args[i]);
            }
            s.executeUpdate();
        } catch (SQLException e) {
            throw db.failure(what, e);
        }
    }
}

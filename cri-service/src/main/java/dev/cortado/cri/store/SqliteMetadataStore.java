package dev.cortado.cri.store;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The durable {@link MetadataStore}: one SQLite file ({@code <root>/cortado.db}) in WAL mode with
 * {@code synchronous=FULL}, so a transaction that returned survives a crash or a power loss.
 * Image records live in the same file ({@link #images()}).
 */
public final class SqliteMetadataStore implements MetadataStore {
    /** The database's name under the config root. */
    public static final String FILE_NAME = "cortado.db";

    private final SqliteDatabase db;
    private final ImageRecords images;
    private final Indexes indexes = new Indexes();

    private SqliteMetadataStore(SqliteDatabase db) {
        this.db = db;
        this.images = new ImageRecords(db);
    }

    /**
     * Opens or creates the database at {@code file} and migrates its schema. DATA_LOSS for a
     * corrupt file and FAILED_PRECONDITION for a newer schema, each naming the file and what to do.
     */
    public static SqliteMetadataStore open(Path file) {
        return new SqliteMetadataStore(DatabaseOpener.open(file));
    }

    /** The database file. */
    public Path file() {
        return db.file();
    }

    /** The image records kept in the same database. */
    public ImageRecords images() {
        return images;
    }

    @Override
    public <T> T inTransaction(Function<Transaction, T> work) {
        Changes changes = new Changes();
        return db.transaction(
                c -> {
                    SqliteTransaction tx = new SqliteTransaction(db, c, changes);
                    T result = work.apply(tx);
                    tx.checkContainersHaveSandboxes();
                    return result;
                },
                () -> indexes.apply(changes));
    }

    @Override
    public <T> StoreIndex<T> index(ObjectKind kind, Function<StoredObject, T> decoder) {
        return db.read(c -> indexes.register(kind, decoder, Rows.list(c, kind)));
    }

    @Override
    public Optional<StoredObject> get(ObjectKind kind, String id) {
        return db.read(c -> Rows.get(c, kind, id));
    }

    @Override
    public List<StoredObject> list(ObjectKind kind) {
        return db.read(c -> Rows.list(c, kind));
    }

    @Override
    public String resolveId(ObjectKind kind, String idOrPrefix) {
        List<String> candidates = idOrPrefix == null || idOrPrefix.isEmpty()
                ? List.of()
                : db.read(c -> Rows.prefixCandidates(c, kind, idOrPrefix));
        return IdPrefixes.resolve(kind, idOrPrefix, candidates);
    }

    @Override
    public void close() {
        db.close();
    }
}

package dev.cortado.cri.store;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteErrorCode;

/**
 * Opens the metadata database: refuses a corrupt file or a schema newer than this build, sets
 * the durability pragmas, and runs the migration steps the file has not run yet.
 *
 * <p>A database that cannot be read is never reset: it holds the only record of running pods,
 * so the operator decides, and the error says how.
 */
final class DatabaseOpener {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseOpener.class);
    /** How long a statement waits for a lock another process (say, the sqlite3 CLI) holds. */
    static final int BUSY_TIMEOUT_MS = 5000;

    private DatabaseOpener() {}

    static SqliteDatabase open(Path file) {
        createPrivate(file);
        SQLiteDataSource source = new SQLiteDataSource();
        source.setUrl("jdbc:sqlite:" + file);
        Connection c;
        try {
            c = source.getConnection();
        } catch (SQLException e) {
            throw new CortadoException(
                    ErrorKind.UNAVAILABLE, "cannot open metadata database " + file + ": " + e.getMessage(), e);
        }
        try {
            prepare(file, c);
            return new SqliteDatabase(file, c);
        } catch (SQLException | RuntimeException e) {
            try {
                c.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            if (e instanceof SQLException sql) {
                throw classify(file, sql);
            }
            throw (RuntimeException) e;
        }
    }

    private static void prepare(Path file, Connection c) throws SQLException {
        // busy_timeout first: the reads below may meet another process's lock
        SqliteDatabase.execute(c, "PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
        int version = Integer.parseInt(SqliteDatabase.queryString(c, "PRAGMA user_version"));
        String check = SqliteDatabase.queryString(c, "PRAGMA quick_check");
        if (!check.equals("ok")) {
            throw corrupt(file, "quick_check says: " + check, null);
        }
        if (version > SchemaMigrations.LATEST) {
            throw CortadoException.failedPrecondition(
                    "metadata database %s has schema version %d, newer than the %d "
                            + "this cortado knows: a newer cortado wrote it and downgrades are not supported; run that version, "
                            + "or stop cortado and move the file aside (with its -wal and -shm files) to start with no "
                            + "pods, containers or images recorded",
                    file, version, SchemaMigrations.LATEST);
        }
        String mode = SqliteDatabase.queryString(c, "PRAGMA journal_mode = WAL");
        if (!mode.equalsIgnoreCase("wal")) {
            throw new CortadoException(
                    ErrorKind.UNAVAILABLE,
                    "metadata database " + file + " cannot use write-ahead logging (journal mode stays " + mode
                            + "): put the root on a local filesystem");
        }
        // FULL: every commit fsyncs the WAL, so a committed pod survives power loss, not only a crash.
        SqliteDatabase.execute(c, "PRAGMA synchronous = FULL");
        SqliteDatabase.execute(c, "PRAGMA foreign_keys = ON");
        migrate(file, c, version);
    }

    private static void migrate(Path file, Connection c, int from) throws SQLException {
        for (int step = from; step < SchemaMigrations.LATEST; step++) {
            SqliteDatabase.execute(c, "BEGIN IMMEDIATE");
            try {
                for (String sql : SchemaMigrations.STEPS.get(step)) {
                    SqliteDatabase.execute(c, sql);
                }
                // user_version lives in the file header and commits with the step
                SqliteDatabase.execute(c, "PRAGMA user_version = " + (step + 1));
                SqliteDatabase.execute(c, "COMMIT");
            } catch (SQLException | RuntimeException e) {
                SqliteDatabase.execute(c, "ROLLBACK");
                throw e;
            }
        }
        if (from < SchemaMigrations.LATEST) {
            LOG.info("metadata database {} migrated from schema version {} to {}", file, from, SchemaMigrations.LATEST);
        }
    }

    private static CortadoException classify(Path file, SQLException e) {
        SQLiteErrorCode code = SqliteDatabase.resultCode(e);
        if (code == SQLiteErrorCode.SQLITE_CORRUPT || code == SQLiteErrorCode.SQLITE_NOTADB) {
            return corrupt(file, e.getMessage(), e);
        }
        return new CortadoException(
                ErrorKind.UNAVAILABLE, "cannot open metadata database " + file + ": " + e.getMessage(), e);
    }

    private static CortadoException corrupt(Path file, String detail, Throwable cause) {
        return new CortadoException(
                ErrorKind.DATA_LOSS,
                "metadata database " + file + " is corrupt or not a SQLite "
                        + "database (" + detail
                        + "); cortado will not reset it: stop cortado and restore the file from a backup, "
                        + "or move it aside (with its -wal and -shm files) to start with no pods, containers or images recorded",
                cause);
    }

    /** The database holds pod specs, labels and annotations: root only, from its first byte. */
    private static void createPrivate(Path file) {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            // an existing database keeps its mode
        } catch (IOException e) {
            throw new CortadoException(
                    ErrorKind.UNAVAILABLE, "cannot create metadata database " + file + ": " + e.getMessage(), e);
        }
    }
}

package dev.cortado.cri.store;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * One SQLite file behind one connection, used by one thread at a time.
 *
 * <p>One connection rather than a pool: SQLite admits one writer at a time anyway, so a pool
 * would only add SQLITE_BUSY retries between our own writers. Every CRI mutation is a short
 * transaction (well under a millisecond of work plus one fsync), and reads of a few thousand
 * rows take about as long, so readers waiting for the lock cost less than a second connection's
 * snapshot bookkeeping. Serial use also makes "transactions are serialized" true by construction.
 */
final class SqliteDatabase implements AutoCloseable {
    private final Path file;
    private final ReentrantLock lock = new ReentrantLock();
    /** Null once closed. */
    @GuardedBy("lock")
    private Connection connection;

    @GuardedBy("lock")
    private boolean inTransaction;

    SqliteDatabase(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    Path file() {
        return file;
    }

    /** Runs {@code work} between BEGIN IMMEDIATE and COMMIT; any exception rolls back and propagates. */
    <T> T transaction(SqlWork<T> work) {
        return transaction(work, () -> {});
    }

    /**
     * As {@link #transaction(SqlWork)}, then runs {@code afterCommit} once COMMIT succeeded, still
     * holding the lock, so what it publishes follows commit order.
     */
    <T> T transaction(SqlWork<T> work, Runnable afterCommit) {
        lock.lock();
        try {
            Connection c = open();
            if (inTransaction) {
                throw new IllegalStateException("nested transaction on metadata database " + file);
            }
            inTransaction = true;
            try {
                execute(c, "BEGIN IMMEDIATE");
                T result;
                try {
                    result = work.run(c);
                    execute(c, "COMMIT");
                } catch (SQLException | RuntimeException | Error e) {
                    rollback(c, e);
                    throw e;
                }
                afterCommit.run();
                return result;
            } catch (SQLException e) {
                throw failure("transaction failed", e);
            } finally {
                inTransaction = false;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code work} as plain reads outside any transaction of ours. */
    <T> T read(SqlWork<T> work) {
        lock.lock();
        try {
            return work.run(open());
        } catch (SQLException e) {
            throw failure("read failed", e);
        } finally {
            lock.unlock();
        }
    }

    @GuardedBy("lock")
    private Connection open() {
        if (connection == null) {
            throw CortadoException.unavailable("metadata database %s is closed", file);
        }
        return connection;
    }

    private void rollback(Connection c, Throwable cause) {
        try {
            execute(c, "ROLLBACK");
        } catch (SQLException e) {
            // SQLite may already have rolled back (for example after SQLITE_FULL); keep the first error.
            cause.addSuppressed(e);
        }
    }

    static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static String queryString(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            return r.next() ? r.getString(1) : "";
        }
    }

    /** A failed statement as an error of the right kind, naming the file: disk full and busy are not bugs. */
    CortadoException failure(String what, SQLException e) {
        ErrorKind kind = switch (resultCode(e)) {
            case SQLITE_FULL -> ErrorKind.RESOURCE_EXHAUSTED;
            case SQLITE_BUSY, SQLITE_LOCKED -> ErrorKind.UNAVAILABLE;
            case SQLITE_CORRUPT, SQLITE_NOTADB -> ErrorKind.DATA_LOSS;
            default -> ErrorKind.INTERNAL;
        };
        return new CortadoException(kind, "metadata database " + file + ": " + what + ": " + e.getMessage(), e);
    }

    static SQLiteErrorCode resultCode(SQLException e) {
        if (e instanceof SQLiteException se) {
            // extended codes (SQLITE_CORRUPT_INDEX, SQLITE_BUSY_SNAPSHOT...) reduce to their primary code
            return SQLiteErrorCode.getErrorCode(se.getResultCode().code & 0xff);
        }
        return SQLiteErrorCode.getErrorCode(e.getErrorCode() & 0xff);
    }

    /** Closes the connection; idempotent. SQLite checkpoints the WAL into the main file on the last close. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (connection != null) {
                Connection c = connection;
                connection = null;
                c.close();
            }
        } catch (SQLException e) {
            throw failure("close failed", e);
        } finally {
            lock.unlock();
        }
    }
}

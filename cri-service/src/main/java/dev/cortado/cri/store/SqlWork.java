package dev.cortado.cri.store;

import java.sql.Connection;
import java.sql.SQLException;

/** Statements run on the database's one connection, inside a transaction or a single read. */
@FunctionalInterface
interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}

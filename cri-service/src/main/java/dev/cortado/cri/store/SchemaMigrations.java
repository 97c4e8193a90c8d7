package dev.cortado.cri.store;

import java.util.List;

/**
 * The schema as ordered steps: step {@code n} takes {@code PRAGMA user_version} from {@code n}
 * to {@code n + 1}. Steps are only ever appended; a released step never changes, because
 * databases in the field already ran it.
 */
final class SchemaMigrations {
    /** Each step is a list of statements run in one transaction with the version bump. */
    static final List<List<String>> STEPS = List.of(
            // 0 -> 1: sandboxes, containers, name reservations and image records (issue 11).
            List.of("""
                    CREATE TABLE sandboxes (
                        id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 64),
                        payload BLOB NOT NULL
                    ) WITHOUT ROWID""", """
                    CREATE TABLE containers (
                        id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 64),
                        -- checked at commit, so one transaction may remove a pod's containers and then the pod
                        sandbox_id TEXT REFERENCES sandboxes (id) DEFERRABLE INITIALLY DEFERRED,
                        payload BLOB NOT NULL
                    ) WITHOUT ROWID""", "CREATE INDEX containers_by_sandbox ON containers (sandbox_id)", """
                    CREATE TABLE names (
                        kind TEXT NOT NULL,
                        name TEXT NOT NULL,
                        owner TEXT NOT NULL,
                        PRIMARY KEY (kind, name)
                    ) WITHOUT ROWID""", """
                    CREATE TABLE images (
                        id TEXT PRIMARY KEY NOT NULL,
                        payload BLOB NOT NULL
                    ) WITHOUT ROWID"""));

    /** The version this build writes and the newest it can read. */
    static final int LATEST = STEPS.size();

    private SchemaMigrations() {}
}

package io.eventstream.bootstrapper;

import java.util.List;

/**
 * The SQL server behind the PostgreSQL wire protocol. Both answer {@code pg_catalog}
 * queries, so checking what exists is the same; creating differs (see README.md).
 */
enum Engine {

    POSTGRESQL("PostgreSQL"),
    COCKROACHDB("CockroachDB");

    private final String displayName;

    Engine(String displayName) {
        this.displayName = displayName;
    }

    /** From {@code SELECT version()}: CockroachDB answers e.g. "CockroachDB CCL v23.1.11 (...)". */
    static Engine fromVersion(String version) {
        return version != null && version.contains("CockroachDB") ? COCKROACHDB : POSTGRESQL;
    }

    String displayName() {
        return displayName;
    }

    static final String USER_EXISTS = "SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = ?";
    static final String DATABASE_EXISTS = "SELECT 1 FROM pg_catalog.pg_database WHERE datname = ?";

    /**
     * Creates a login user that is not a superuser and cannot create databases or roles.
     * On PostgreSQL the password is set afterwards, hashed by the driver, so it never
     * travels or gets logged as plain text; CockroachDB takes it in the statement.
     */
    String createUser(String user, String passwordOrNull) {
        return switch (this) {
            case POSTGRESQL -> "CREATE ROLE " + user + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE";
            case COCKROACHDB -> "CREATE USER IF NOT EXISTS " + user + " WITH LOGIN NOCREATEDB NOCREATEROLE"
                    + (passwordOrNull == null ? "" : " PASSWORD " + literal(passwordOrNull));
        };
    }

    /**
     * On PostgreSQL the user owns the database, which (15+) is what lets it create tables in
     * schema {@code public}. On CockroachDB a new owner would need CREATEDB, so it only gets
     * privileges (see {@link #grants}).
     */
    String createDatabase(String database, String owner) {
        return switch (this) {
            case POSTGRESQL -> "CREATE DATABASE " + database + " OWNER " + owner;
            case COCKROACHDB -> "CREATE DATABASE IF NOT EXISTS " + database;
        };
    }

    /** Run on the server: the same on both engines, and harmless when already granted. */
    List<String> grants(String database, String user) {
        return List.of("GRANT ALL ON DATABASE " + database + " TO " + user);
    }

    /**
     * Run inside the database: PostgreSQL 15 took CREATE on schema public away from PUBLIC,
     * which matters when the database existed before and is owned by someone else.
     */
    List<String> schemaGrants(String user) {
        return List.of("GRANT USAGE, CREATE ON SCHEMA public TO " + user);
    }

    /** For cleaning up (tests, the README): PostgreSQL 13+ and CockroachDB spell it differently. */
    String dropDatabase(String database) {
        return switch (this) {
            case POSTGRESQL -> "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)";
            case COCKROACHDB -> "DROP DATABASE IF EXISTS " + database + " CASCADE";
        };
    }

    /** A string literal with standard_conforming_strings (the default on both engines). */
    static String literal(String value) {
        if (value.indexOf('\0') >= 0) {
            throw new UsageException("a password must not contain NUL characters");
        }
        return "'" + value.replace("'", "''") + "'";
    }
}

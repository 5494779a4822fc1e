package io.eventstream.bootstrapper;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;

/**
 * As administrator: creates the service user and the databases when absent, and grants the
 * user what it needs to own its schemas. Grants are applied on every run: they are
 * idempotent, and repair a database someone else created.
 */
final class DatabaseSetup {

    /** duplicate_object / duplicate_database: a concurrent run created it first. */
    private static final String DUPLICATE_OBJECT = "42710";
    private static final String DUPLICATE_DATABASE = "42P04";

    private final Connection admin;
    private final Engine engine;
    private final Settings settings;
    private final DatabaseConnector connector;
    private final PrintStream out;

    DatabaseSetup(Connection admin, Engine engine, Settings settings, DatabaseConnector connector, PrintStream out) {
        this.admin = admin;
        this.engine = engine;
        this.settings = settings;
        this.connector = connector;
        this.out = out;
    }

    static Engine detect(Connection admin) {
        try (Statement s = admin.createStatement(); ResultSet rs = s.executeQuery("SELECT version()")) {
            rs.next();
            return Engine.fromVersion(rs.getString(1));
        } catch (SQLException e) {
            throw new BootstrapException("cannot read the database version: " + Messages.of(e), e);
        }
    }

    void ensureUser() {
        String user = settings.dbUser();
        String password = settings.dbPassword().isEmpty() ? null : settings.dbPassword();
        if (exists(Engine.USER_EXISTS, user)) {
            // Its password and attributes are left alone: the user may be in use.
            out.println("user " + user + ": exists");
            return;
        }
        String note = "";
        try {
            createUser(user, password);
        } catch (SQLException e) {
            if (DUPLICATE_OBJECT.equals(e.getSQLState())) {
                out.println("user " + user + ": exists");
                return;
            }
            if (engine == Engine.COCKROACHDB && password != null && String.valueOf(e.getMessage()).contains("insecure")) {
                // An insecure cluster accepts any login and refuses to store passwords.
                execute(admin, engine.createUser(user, null), "create user " + user);
                note = " (without password: CockroachDB runs in insecure mode)";
            } else {
                throw failure("create user " + user, e);
            }
        }
        out.println("user " + user + ": created" + note);
    }

    /**
     * On PostgreSQL the role and its password are one transaction: a user left without its
     * password would be reported as existing by every later run and never get one.
     */
    private void createUser(String user, String password) throws SQLException {
        if (engine != Engine.POSTGRESQL || password == null) {
            execute(admin, engine.createUser(user, password));
            return;
        }
        admin.setAutoCommit(false);
        try {
            execute(admin, engine.createUser(user, null));
            // Hashed (SCRAM) by the driver: the plain password never reaches the server or its logs.
            admin.unwrap(PGConnection.class).alterUserPassword(user, password.toCharArray(), null);
            admin.commit();
        } catch (SQLException e) {
            admin.rollback();
            throw e;
        } finally {
            admin.setAutoCommit(true);
        }
    }

    void ensureDatabase(String database) {
        String user = settings.dbUser();
        boolean created = false;
        if (!exists(Engine.DATABASE_EXISTS, database)) {
            try {
                execute(admin, engine.createDatabase(database, user));
                created = true;
            } catch (SQLException e) {
                if (!DUPLICATE_DATABASE.equals(e.getSQLState())) {
                    throw failure("create database " + database, e);
                }
            }
        }
        for (String grant : engine.grants(database, user)) {
            execute(admin, grant, "grant " + user + " privileges on database " + database);
        }
        try (Connection inDatabase = connector.open(settings.dbAdminUrl().withDatabase(database),
                settings.dbAdminUser(), settings.dbAdminPassword())) {
            for (String grant : engine.schemaGrants(user)) {
                execute(inDatabase, grant, "grant " + user + " privileges on schema public in " + database);
            }
        } catch (SQLException e) {
            throw failure("grant " + user + " privileges in " + database, e);
        }
        out.println("database " + database + ": " + (created ? "created" : "exists"));
    }

    private boolean exists(String query, String name) {
        try (PreparedStatement ps = admin.prepareStatement(query)) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw failure("look up " + name, e);
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    private void execute(Connection connection, String sql, String what) {
        try {
            execute(connection, sql);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    private BootstrapException failure(String what, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.startsWith("08")) {
            return new BootstrapException("lost the connection to " + engine.displayName() + " at "
                    + settings.dbAdminUrl().server() + " while trying to " + what + ": " + Messages.of(e), e);
        }
        return new BootstrapException("cannot " + what + " as " + settings.dbAdminUser() + ": " + Messages.of(e)
                + (state.isEmpty() ? "" : " (SQLSTATE " + state + ")"), e);
    }
}

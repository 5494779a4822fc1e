package io.eventstream.bootstrapper;

import java.io.PrintStream;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Runs a database's Flyway migrations connected as the service user, so the tables (and
 * Flyway's history table) belong to it and the services never need the administrator.
 */
final class SchemaMigrator {

    private final Settings settings;
    private final DatabaseConnector connector;
    private final PrintStream out;

    SchemaMigrator(Settings settings, DatabaseConnector connector, PrintStream out) {
        this.settings = settings;
        this.connector = connector;
        this.out = out;
    }

    void migrate(TargetDatabase database) {
        JdbcUrl url = connector.withTimeouts(settings.dbAdminUrl().withDatabase(database.name()));
        Flyway flyway = Flyway.configure(SchemaMigrator.class.getClassLoader())
                .dataSource(url.url(), settings.dbUser(), settings.dbPassword())
                .locations(database.target().flywayLocation())
                .failOnMissingLocations(true)
                .loggers(QuietFlywayLog.class.getName())
                .load();
        try {
            MigrateResult result = flyway.migrate();
            if (result.migrationsExecuted > 0) {
                out.println("schema " + database.name() + ": migrated to version " + result.targetSchemaVersion);
            } else {
                MigrationInfo current = flyway.info().current();
                out.println("schema " + database.name() + ": up to date"
                        + (current == null || current.getVersion() == null ? "" : " (version " + current.getVersion() + ")"));
            }
        } catch (FlywayException e) {
            throw new BootstrapException(describe(e, database, url), e);
        }
    }

    private String describe(FlywayException e, TargetDatabase database, JdbcUrl url) {
        SQLException sql = sqlCause(e);
        if (sql != null && sql.getSQLState() != null
                && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("28"))) {
            return DatabaseConnector.describe(sql, url, settings.dbUser());
        }
        return "cannot migrate " + database.name() + " (" + database.target().location() + ") as "
                + settings.dbUser() + ": " + (sql != null ? Messages.firstLine(sql.getMessage()) : Messages.of(e));
    }

    private static SQLException sqlCause(Throwable e) {
        SQLException found = null;
        for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof SQLException s) {
                found = s;
            }
        }
        return found;
    }
}

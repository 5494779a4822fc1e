package io.eventstream.bootstrapper;

import java.io.PrintStream;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
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
        // The original's tables (no Flyway history) go aside first, their rows come over after.
        OriginalAdoption adoption = OriginalAdoption.of(database, settings, connector).orElse(null);
        if (adoption != null) {
            adoption.prepare();
        }
        try {
            repairReleased(flyway, database);
            MigrateResult result = flyway.migrate();
            String state;
            if (result.migrationsExecuted > 0) {
                state = "migrated to version " + result.targetSchemaVersion;
            } else {
                MigrationInfo current = flyway.info().current();
                state = "up to date"
                        + (current == null || current.getVersion() == null ? "" : " (version " + current.getVersion() + ")");
            }
            String adopted = adoption == null ? null : adoption.complete();
            out.println("schema " + database.name() + ": " + (adopted == null ? "" : adopted + ", ") + state);
        } catch (FlywayException e) {
            throw new BootstrapException(describe(e, database, url), e);
        }
    }

    /**
     * Before migrating, repairs what our own migrations left behind and can safely run again:
     * a checksum of a released migration that has since been made re-runnable
     * ({@link ReleasedChecksums}), and a failed attempt. Flyway records a failed attempt only on
     * an engine without transactional DDL (CockroachDB: {@code supportsDdlTransactions() false}
     * in Flyway's CockroachDBDatabase), where the statements that ran stay applied; since every
     * migration step is re-runnable (checked by deploy-checks' CockroachDialectTest), removing
     * the record lets {@code migrate} run the migration again, whole. Any other checksum
     * mismatch repairs nothing: Flyway's validation refuses the database as before.
     */
    private void repairReleased(Flyway flyway, TargetDatabase database) {
        List<String> outdated = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (MigrationInfo migration : flyway.info().all()) {
            if (migration.getVersion() == null) {
                continue;
            }
            String version = migration.getVersion().getVersion();
            Integer applied = migration.getAppliedChecksum();
            Integer resolved = migration.getResolvedChecksum();
            if (migration.getState() == MigrationState.FAILED) {
                failed.add("V" + version);
            } else if (applied != null && resolved != null && !applied.equals(resolved)) {
                if (!ReleasedChecksums.released(database.target().location(), version, applied)) {
                    return;
                }
                outdated.add("V" + version);
            }
        }
        if (outdated.isEmpty() && failed.isEmpty()) {
            return;
        }
        flyway.repair();
        if (!outdated.isEmpty()) {
            out.println("schema " + database.name() + ": checksums of " + String.join(", ", outdated)
                    + " updated (released migrations, since made re-runnable)");
        }
        if (!failed.isEmpty()) {
            out.println("schema " + database.name() + ": failed attempt at " + String.join(", ", failed)
                    + " removed; it runs again (every step is re-runnable)");
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

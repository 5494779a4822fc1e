package io.eventstream.bootstrapper;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Adopts a database the original system left (its tables, no Flyway history) in place, as
 * administrator: {@link #prepare} moves the original's tables aside into schema
 * {@value OriginalTables#SCHEMA} before our migrations run into the emptied {@code public};
 * {@link #complete} then copies their rows into our tables, in one transaction.
 *
 * <p>Every step can be interrupted and the next run completes it, because each run finds out
 * where the database is from what is in it: the original's tables in public (move them), in
 * original (migrate, then copy), or both, split table by table (move the rest); and whether
 * the rows are copied (every original id present in ours). The original's tables stay in
 * schema original until the operator drops it. A database whose tables are not exactly the
 * original's is refused, with what differs, before anything is changed.
 */
final class OriginalAdoption {

    /**
     * As administrator: on CockroachDB only members of the admin role create schemas
     * (https://www.cockroachlabs.com/docs/stable/create-schema), which is why the adoption runs as the
     * bootstrapper's administrator and not as the service user.
     */
    static final String CREATE_SCHEMA = "CREATE SCHEMA IF NOT EXISTS original";

    /**
     * A table changes schema in place. On PostgreSQL the rows are not rewritten (xmin and ctid, the
     * stored order, survive; OriginalAdoptionTest relies on it) and the sequences owned by its
     * columns move with it. CockroachDB has it since v20.2, with DROP on the table and CREATE on
     * the schema (https://www.cockroachlabs.com/docs/v22.1/set-schema); that it keeps the rows'
     * MVCC timestamps (it renames, it does not copy) is expected, not verified: no CockroachDB here.
     */
    private static final Map<String, String> MOVE = Map.of(
            "events", "ALTER TABLE public.events SET SCHEMA original",
            "orders", "ALTER TABLE public.orders SET SCHEMA original",
            "orderitems", "ALTER TABLE public.orderitems SET SCHEMA original");

    private final TargetDatabase database;
    private final OriginalTables original;
    private final Settings settings;
    private final DatabaseConnector connector;
    private boolean pending;
    private boolean movedNow;

    private OriginalAdoption(TargetDatabase database, OriginalTables original, Settings settings,
                             DatabaseConnector connector) {
        this.database = database;
        this.original = original;
        this.settings = settings;
        this.connector = connector;
    }

    /** For the databases the original had (event store, orders); empty for the others. */
    static Optional<OriginalAdoption> of(TargetDatabase database, Settings settings, DatabaseConnector connector) {
        return OriginalTables.of(database.target())
                .map(original -> new OriginalAdoption(database, original, settings, connector));
    }

    /** Before our migrations: recognises the original's tables and moves them out of public. */
    void prepare() {
        try (Connection admin = open()) {
            Engine engine = DatabaseSetup.detect(admin);
            SchemaContents contents = SchemaContents.read(admin, engine);
            if (contents.migrated()) {
                // Ours. Rows still to copy only if a run moved the original's tables aside earlier.
                if (!contents.inOriginal().isEmpty()) {
                    refuseUnless(original.differences(contents.inOriginal()), "schema original holds tables that are not the original's");
                    pending = true;
                }
                return;
            }
            if (contents.inPublic().isEmpty() && contents.inOriginal().isEmpty()) {
                return; // a new database
            }
            List<String> differences = new ArrayList<>();
            Map<String, Set<String>> all = new TreeMap<>(contents.inOriginal());
            for (var table : contents.inPublic().entrySet()) {
                if (all.put(table.getKey(), table.getValue()) != null) {
                    differences.add("table " + table.getKey() + " in both public and original");
                }
            }
            differences.addAll(original.differences(all));
            refuseUnless(differences, "its tables are not the original's, and it has no Flyway history");
            if (!contents.inPublic().isEmpty()) {
                execute(admin, CREATE_SCHEMA);
                for (String table : contents.inPublic().keySet()) {
                    execute(admin, MOVE.get(table));
                }
                movedNow = true;
            }
            pending = true;
        } catch (SQLException e) {
            throw failure("move the original's tables aside", e);
        }
    }

    /** After our migrations: copies the original's rows into our tables; the report, or null if there was nothing to do. */
    String complete() {
        if (!pending) {
            return null;
        }
        try (Connection admin = open()) {
            Engine engine = DatabaseSetup.detect(admin);
            admin.setAutoCommit(false);
            String report;
            try {
                report = original.copy().copy(admin, engine, movedNow);
                admin.commit();
            } catch (SQLException | RuntimeException e) {
                admin.rollback();
                throw e;
            }
            return report == null ? null : "adopted the original's " + original.what() + " (" + report + ")";
        } catch (SQLException e) {
            throw failure("copy the original's " + original.what(), e);
        }
    }

    private void refuseUnless(List<String> differences, String why) {
        if (!differences.isEmpty()) {
            throw new BootstrapException("cannot adopt " + database.name() + ": " + why + " ("
                    + String.join("; ", differences) + "); nothing was changed");
        }
    }

    private Connection open() {
        return connector.open(settings.dbAdminUrl().withDatabase(database.name()), settings.dbAdminUser(),
                settings.dbAdminPassword());
    }

    private static void execute(Connection admin, String sql) throws SQLException {
        try (Statement s = admin.createStatement()) {
            s.execute(sql);
        }
    }

    private BootstrapException failure(String what, SQLException e) {
        String state = e.getSQLState() == null ? "" : " (SQLSTATE " + e.getSQLState() + ")";
        return new BootstrapException("cannot adopt " + database.name() + ": cannot " + what + " as "
                + settings.dbAdminUser() + ": " + Messages.of(e) + state + "; run the bootstrapper again to complete it", e);
    }
}

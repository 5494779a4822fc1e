package io.eventstream.querymodel.jdbc;

import io.eventstream.common.sql.SqlRetry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The read model's table generations: a rebuild fills a new set of tables, then they become the
 * live read model ({@link #switchTo}) and the old ones are dropped. Readers (order-service, the original's
 * readers) keep querying {@code orders}, {@code orderitems}, {@code order_status_history}, and the
 * live worker keeps writing them by those names, whichever generation holds them.
 *
 * <p>The switch renames the eight tables in one transaction. On PostgreSQL that is atomic (its DDL is
 * transactional, and each rename waits for the transactions using the table): a reader sees the old
 * tables or the new ones, never a mix and never no table. CockroachDB does not run schema changes in
 * an explicit transaction with full atomicity (docs: online schema changes, "schema changes within
 * transactions"): there, each rename takes effect on its own and a reader may, for that moment,
 * find a name missing (see the worker's README). There the switch copies instead
 * ({@link SwitchMethod#COPY}, {@link CopySwitch}): plain DML in one transaction, atomic on both.
 */
public class ReadModelGenerations {

    /** The live generation and the log position its rebuild had applied at its switch. */
    public record Current(long generation, long position) {
    }

    /**
     * The live worker's first statement in each write transaction while copy switches may happen
     * ({@link SwitchMethod#gatesWrites}): it reads the generation row, which a copy switch updates
     * first, so the worker waits while a switch runs and the switch compares and writes tables that
     * nobody else writes. PostgreSQL: FOR SHARE waits for the switch's row lock (a plain read would
     * not). CockroachDB: a write intent is "a combination of a provisional value and an exclusive
     * lock" and a read of it waits for its transaction (docs: architecture, transaction layer);
     * FOR SHARE takes a shared lock there only when enable_shared_locking_for_serializable is on
     * (docs: SELECT ... FOR UPDATE), which changes nothing here. The worker's transactions take it
     * before any row lock, the switch takes it first: no deadlock.
     */
    public static final String GATE = "SELECT generation FROM read_model_generation WHERE id = 1 FOR SHARE";

    private final DataSource dataSource;

    public ReadModelGenerations(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Current current() {
        return call(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(GenerationStatements.CURRENT)) {
                return rs.next() ? new Current(rs.getLong(1), rs.getLong(2)) : new Current(1, 0);
            }
        });
    }

    /** Generation, retired and check tables in the schema (by their names' pattern only). */
    public List<String> leftovers() {
        return call(c -> {
            List<String> found = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(GenerationStatements.TABLES)) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    if (ReadModelTables.GENERATION_TABLE.matcher(name).matches()) {
                        found.add(name);
                    }
                }
            }
            found.sort(null);
            return found;
        });
    }

    /**
     * Whether a rebuild switched and stopped before it had dropped the tables it switched from: after
     * a rename the retired tables ({@code _old_g<N>}), after a copy the live generation's own
     * ({@code _g<N>}, N the live generation: before a switch a rebuild fills N+1).
     */
    public boolean switchedAndStopped() {
        String live = "_g" + current().generation();
        return leftovers().stream().anyMatch(name -> name.contains("_old_g") || name.endsWith(live));
    }

    /** From {@code SELECT version()}: CockroachDB answers e.g. "CockroachDB CCL v23.1.11 (...)". */
    public boolean onCockroachDb() {
        return call(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT version()")) {
                return rs.next() && String.valueOf(rs.getString(1)).contains("CockroachDB");
            }
        });
    }

    /** Drops every table that {@link #leftovers} names: what a stopped rebuild or check left. */
    public List<String> dropLeftovers() {
        List<String> names = leftovers();
        names.forEach(this::drop);
        return names;
    }

    public void drop(ReadModelTables tables) {
        tables.all().forEach(this::drop);
    }

    /** Empty tables for generation (or check) {@code tables}, with their primary keys. */
    public void create(ReadModelTables tables) {
        run(c -> {
            try (Statement s = c.createStatement()) {
                s.execute(tables.named(GenerationStatements.CREATE_ORDERS));
                s.execute(tables.named(GenerationStatements.CREATE_ITEMS));
                s.execute(tables.named(GenerationStatements.CREATE_HISTORY));
                s.execute(tables.named(GenerationStatements.CREATE_HOURLY));
            }
        });
    }

    public void createIndexes(ReadModelTables tables) {
        run(c -> {
            try (Statement s = c.createStatement()) {
                s.execute(tables.named(GenerationStatements.INDEX_ORDERS));
                s.execute(tables.named(GenerationStatements.INDEX_ITEMS));
            }
        });
    }

    /**
     * In one transaction, the generation row records the switch at {@code position} and generation's
     * tables become the live read model: {@link SwitchMethod#RENAME}, the live tables become
     * {@code retiredBy(generation)} and generation's take their names; {@link SwitchMethod#COPY}, the
     * live tables get generation's rows ({@link CopySwitch}), the generation row first (the gate).
     */
    public void switchTo(long generation, long position, SwitchMethod method) {
        ReadModelTables next = ReadModelTables.generation(generation);
        ReadModelTables retired = ReadModelTables.retiredBy(generation);
        run(c -> {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                try (var update = c.prepareStatement(GenerationStatements.SWITCHED)) {
                    update.setLong(1, generation);
                    update.setLong(2, position);
                    update.executeUpdate();
                }
                if (method == SwitchMethod.COPY) {
                    CopySwitch.run(c, next);
                } else {
                    for (int i = 0; i < ReadModelTables.LIVE.all().size(); i++) {
                        s.execute(GenerationStatements.RENAME.formatted(ReadModelTables.LIVE.all().get(i), retired.all().get(i)));
                        s.execute(GenerationStatements.RENAME.formatted(next.all().get(i), ReadModelTables.LIVE.all().get(i)));
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        });
    }

    /** The live tables hold every event up to {@code position} (a rebuild's last step, before it drops the retired tables). */
    public void drained(long position) {
        run(c -> {
            try (var update = c.prepareStatement(GenerationStatements.DRAINED)) {
                update.setLong(1, position);
                update.executeUpdate();
            }
        });
    }

    private void drop(String table) {
        if (!ReadModelTables.GENERATION_TABLE.matcher(table).matches()) {
            throw new IllegalArgumentException("not a generation table: " + table);
        }
        run(c -> {
            try (Statement s = c.createStatement()) {
                s.execute(GenerationStatements.DROP.formatted(table));
            }
        });
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    @FunctionalInterface
    private interface VoidWork {
        void run(Connection c) throws SQLException;
    }

    private void run(VoidWork work) {
        call(c -> {
            work.run(c);
            return null;
        });
    }

    /** On its own connection, retried on 40001/40P01 (a rename waits for the live worker's row locks). */
    private <T> T call(Work<T> work) {
        try {
            return SqlRetry.call(attempt -> {
                try (Connection c = dataSource.getConnection()) {
                    return work.run(c);
                }
            });
        } catch (SQLException e) {
            throw new ReadModelUnavailableException("read model generations: " + e.getMessage(), e);
        }
    }
}

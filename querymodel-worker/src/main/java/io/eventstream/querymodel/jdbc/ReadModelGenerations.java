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
 * The read model's table generations: a rebuild fills a new set of tables, then they take the live
 * names ({@link #switchTo}) and the old ones are dropped. Readers (order-service, the original's
 * readers) keep querying {@code orders}, {@code orderitems}, {@code order_status_history}, and the
 * live worker keeps writing them by those names, whichever generation holds them.
 *
 * <p>The switch renames the eight tables in one transaction. On PostgreSQL that is atomic (its DDL is
 * transactional, and each rename waits for the transactions using the table): a reader sees the old
 * tables or the new ones, never a mix and never no table. CockroachDB does not run schema changes in
 * an explicit transaction with full atomicity (docs: online schema changes, "schema changes within
 * transactions"): there, each rename takes effect on its own and a reader may, for that moment,
 * find a name missing (see the worker's README).
 */
public class ReadModelGenerations {

    /** The live generation and the log position its rebuild had applied at its switch. */
    public record Current(long generation, long position) {
    }

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

    /** Whether a rebuild switched and stopped before it had dropped the tables it retired. */
    public boolean retiredTablesLeft() {
        return leftovers().stream().anyMatch(name -> name.contains("_old_g"));
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
     * In one transaction: the live tables become {@code retiredBy(generation)}, generation's tables
     * take the live names, and the generation row records the switch at {@code position}.
     */
    public void switchTo(long generation, long position) {
        ReadModelTables next = ReadModelTables.generation(generation);
        ReadModelTables retired = ReadModelTables.retiredBy(generation);
        run(c -> {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                for (int i = 0; i < ReadModelTables.LIVE.all().size(); i++) {
                    s.execute(GenerationStatements.RENAME.formatted(ReadModelTables.LIVE.all().get(i), retired.all().get(i)));
                    s.execute(GenerationStatements.RENAME.formatted(next.all().get(i), ReadModelTables.LIVE.all().get(i)));
                }
                try (var update = c.prepareStatement(GenerationStatements.SWITCHED)) {
                    update.setLong(1, generation);
                    update.setLong(2, position);
                    update.executeUpdate();
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

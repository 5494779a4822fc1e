package io.eventstream.common.plans;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.eventstream.common.testing.TestInfra;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * On real PostgreSQL: a statement that takes its rows as an array is planned again at every
 * execution under the server's default, and once per connection in a pool the services' way; a
 * pool with its own first statement keeps it; on CockroachDB the statement changes nothing.
 */
class GenericPlansTest {

    private static final String BY_IDS = "SELECT count(*) FROM items WHERE id = ANY(CAST(? AS INT[]))";

    private String database;

    @BeforeEach
    void aTableOfAThousandItems() throws SQLException {
        database = TestInfra.createDatabase("plans");
        try (HikariDataSource setUp = pool(null); Connection c = setUp.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id INT PRIMARY KEY, name TEXT NOT NULL)");
            s.execute("INSERT INTO items SELECT i, 'item ' || i FROM generate_series(1, 1000) i");
            s.execute("ANALYZE items");
        }
    }

    @AfterEach
    void dropDatabase() {
        TestInfra.dropDatabase(database);
    }

    @Test
    void underTheServersDefaultEveryExecutionIsPlannedAgain() throws SQLException {
        try (HikariDataSource pool = pool(null)) {
            assertThat(plansAfterTenBatches(pool)).isEqualTo(new Plans(0, 6));
        }
    }

    @Test
    void aServicesPoolPlansTheStatementOnceAndUsesThatPlanForEveryBatch() throws SQLException {
        HikariDataSource pool = servicesPool();
        try (pool) {
            assertThat(setting(pool)).isEqualTo("force_generic_plan");
            assertThat(plansAfterTenBatches(pool)).isEqualTo(new Plans(6, 0));
        }
    }

    /**
     * What the setting relies on: a plan made while a table was small stays until the table's
     * statistics change (autovacuum, or common's AutovacuumStandIn where it is off), then is made again.
     */
    @Test
    void aPlanMadeWhileTheTableWasSmallIsMadeAgainAfterAnAnalyse() throws SQLException {
        HikariDataSource pool = servicesPool();
        try (pool; Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE grows (id INT PRIMARY KEY)");
            s.execute("INSERT INTO grows SELECT i FROM generate_series(1, 10) i");
            s.execute("ANALYZE grows");
            s.execute("PREPARE by_ids (int[]) AS SELECT count(*) FROM grows WHERE id = ANY($1)");
            assertThat(explain(s)).contains("Seq Scan");

            s.execute("INSERT INTO grows SELECT i FROM generate_series(11, 100000) i");
            assertThat(explain(s)).as("the table grew, its statistics did not").contains("Seq Scan");

            s.execute("ANALYZE grows");
            assertThat(explain(s)).contains("Index Only Scan using grows_pkey");
        }
    }

    /**
     * A queue's plan, made when a vacuum had just found it empty and given its pages back, scans it;
     * the plan stays while the queue fills again. Without sequential scans (the event store's
     * sessions) the same statement probes its index.
     */
    @Test
    void byKeyOnlyAQueueVacuumedEmptyIsStillReachedByItsIndexOnceFull() throws SQLException {
        try (HikariDataSource pool = pool(GenericPlans.ON_POSTGRESQL); Connection c = pool.getConnection();
             Statement s = c.createStatement()) {
            aQueueVacuumedEmptyThenFilled(s);
            assertThat(explain(s)).contains("Seq Scan on grows");
        }
        try (HikariDataSource pool = pool(GenericPlans.ON_POSTGRESQL_BY_KEY_ONLY);
             Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE grows");
            aQueueVacuumedEmptyThenFilled(s);
            assertThat(explain(s)).contains("grows_pkey").doesNotContain("Seq Scan");
            try (ResultSet rs = s.executeQuery("SELECT current_setting('enable_seqscan'), current_setting('plan_cache_mode'),"
                    + " current_setting('max_parallel_workers_per_gather')")) {
                rs.next();
                assertThat(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3)).isEqualTo("off force_generic_plan 0");
            }
        }
    }

    private static void aQueueVacuumedEmptyThenFilled(Statement s) throws SQLException {
        s.execute("CREATE TABLE grows (id INT PRIMARY KEY)");
        s.execute("INSERT INTO grows SELECT i FROM generate_series(1, 1000) i");
        s.execute("DELETE FROM grows");
        s.execute("VACUUM ANALYZE grows");
        s.execute("PREPARE by_ids (int[]) AS SELECT count(*) FROM grows WHERE id = ANY($1)");
        explain(s); // planned now, on the empty table, as a session's statement is at its first use
        s.execute("INSERT INTO grows SELECT i FROM generate_series(1, 20000) i");
    }

    @Test
    void aPoolWithItsOwnFirstStatementKeepsIt() throws SQLException {
        HikariDataSource pool = pool("SET application_name = 'mine'");
        new GenericPlansPostProcessor(GenericPlans.ON_POSTGRESQL).postProcessBeforeInitialization(pool, "dataSource");
        try (pool) {
            assertThat(pool.getConnectionInitSql()).isEqualTo("SET application_name = 'mine'");
            assertThat(setting(pool)).isEqualTo("auto");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {GenericPlans.ON_POSTGRESQL, GenericPlans.ON_POSTGRESQL_BY_KEY_ONLY})
    void onCockroachDbTheStatementChangesNothing(String statement) throws SQLException {
        String asOnCockroach = statement.replace("version()",
                "'CockroachDB CCL v25.4.17 (x86_64-pc-linux-gnu, built 2025/12/01)'");
        try (HikariDataSource pool = pool(null)) {
            try (Connection c = pool.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery(asOnCockroach)) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isNull();
            }
            assertThat(setting(pool)).as("the same connection: the pool holds one").isEqualTo("auto");
        }
    }

    /** A pool as a service gets it: post-processed by {@link GenericPlansPostProcessor}. */
    private HikariDataSource servicesPool() {
        HikariDataSource pool = pool(null);
        new GenericPlansPostProcessor(GenericPlans.ON_POSTGRESQL).postProcessBeforeInitialization(pool, "dataSource");
        return pool;
    }

    private HikariDataSource pool(String initSql) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(TestInfra.jdbcUrl(database));
        pool.setUsername(TestInfra.PG_ADMIN);
        pool.setPassword("");
        pool.setMaximumPoolSize(1);
        pool.setConnectionInitSql(initSql);
        return pool;
    }

    private static String explain(Statement s) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (ResultSet rs = s.executeQuery("EXPLAIN EXECUTE by_ids ('{1,2}')")) {
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }

    private static String setting(HikariDataSource pool) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW plan_cache_mode")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /**
     * Ten batches of three ids, each its own PreparedStatement as the services make them; pgjdbc
     * names the statement on the server from its fifth execution, which PostgreSQL then counts.
     */
    private static Plans plansAfterTenBatches(HikariDataSource pool) throws SQLException {
        try (Connection c = pool.getConnection()) {
            for (int batch = 0; batch < 10; batch++) {
                try (PreparedStatement s = c.prepareStatement(BY_IDS)) {
                    s.setArray(1, c.createArrayOf("int4", new Integer[] {batch, batch + 100, batch + 200}));
                    try (ResultSet rs = s.executeQuery()) {
                        rs.next();
                        assertThat(rs.getInt(1)).isEqualTo(batch == 0 ? 2 : 3);
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE ?")) {
                s.setString(1, "%FROM items WHERE id = ANY%");
                try (ResultSet rs = s.executeQuery()) {
                    assertThat(rs.next()).as("the server-side statement").isTrue();
                    return new Plans(rs.getLong(1), rs.getLong(2));
                }
            }
        }
    }

    private record Plans(long generic, long custom) {
    }
}

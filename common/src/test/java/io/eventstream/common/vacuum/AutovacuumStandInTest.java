package io.eventstream.common.vacuum;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.common.testing.TestInfra;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * On real PostgreSQL: a table whose rows were each updated three times is vacuumed, one barely
 * changed is left alone, and the dead rows are gone; the whole round does that only where the
 * server's autovacuum is off. On a stand-in for CockroachDB it never looks again.
 */
class AutovacuumStandInTest {

    private String database;
    private JdbcTemplate jdbc;
    private AutovacuumStandIn standIn;

    @BeforeEach
    void aTableUpdatedThreeTimesOverAndOneBarelyChanged() throws InterruptedException {
        database = TestInfra.createDatabase("vacuum");
        jdbc = new JdbcTemplate(new DriverManagerDataSource(TestInfra.jdbcUrl(database), TestInfra.PG_ADMIN, ""));
        jdbc.execute("CREATE TABLE churned (id INT PRIMARY KEY, v INT NOT NULL)");
        jdbc.execute("CREATE TABLE quiet (id INT PRIMARY KEY, v INT NOT NULL)");
        jdbc.execute("INSERT INTO churned SELECT i, 0 FROM generate_series(1, 1000) i");
        jdbc.execute("INSERT INTO quiet SELECT i, 0 FROM generate_series(1, 1000) i");
        jdbc.execute("VACUUM ANALYZE churned, quiet");
        for (int i = 1; i <= 3; i++) {
            jdbc.execute("UPDATE churned SET v = " + i);
        }
        jdbc.execute("UPDATE quiet SET v = 1 WHERE id <= 10");
        standIn = new AutovacuumStandIn(jdbc, Duration.ofSeconds(30), "test");
        awaitDeadRows("churned", 2_000); // a closed connection's statistics reach the server a moment later
    }

    @AfterEach
    void dropDatabase() {
        TestInfra.dropDatabase(database);
    }

    @Test
    void theTablesAutovacuumWouldVacuumAreVacuumedAndTheirDeadRowsGone() {
        assertThat(standIn.lookAfterTables()).containsExactly("VACUUM (ANALYZE, SKIP_LOCKED) churned");

        assertThat(deadRows("churned")).isZero();
        assertThat(vacuums("churned")).as("the set-up's vacuum and this one").isEqualTo(2);
        assertThat(vacuums("quiet")).as("the set-up's vacuum only").isEqualTo(1);
    }

    @Test
    void aRoundDoesItOnlyWhereTheServersAutovacuumIsOff() {
        boolean off = "off".equals(jdbc.queryForObject("SELECT current_setting('autovacuum')", String.class));

        List<String> done = standIn.round();

        assertThat(done).isEqualTo(off ? List.of("VACUUM (ANALYZE, SKIP_LOCKED) churned") : List.of());
    }

    @Test
    void onCockroachDbItStopsAtTheFirstLook() {
        List<String> asked = new ArrayList<>();
        JdbcTemplate cockroach = new JdbcTemplate() {
            @Override
            public <T> T queryForObject(String sql, Class<T> type) {
                asked.add(sql);
                return type.cast("CockroachDB CCL v24.1.0 (x86_64-pc-linux-gnu, built 2024/05/15)");
            }
        };
        AutovacuumStandIn onCockroach = new AutovacuumStandIn(cockroach, Duration.ofSeconds(30), "test");

        assertThat(onCockroach.round()).isEmpty();
        assertThat(onCockroach.round()).isEmpty();
        assertThat(asked).containsExactly("SELECT version()");
    }

    private long deadRows(String table) {
        Long dead = jdbc.queryForObject("SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = ?", Long.class, table);
        return dead == null ? -1 : dead;
    }

    private long vacuums(String table) {
        Long n = jdbc.queryForObject("SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = ?", Long.class, table);
        return n == null ? -1 : n;
    }

    private void awaitDeadRows(String table, long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (deadRows(table) < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(deadRows(table)).as("dead rows of " + table + " in the statistics").isGreaterThanOrEqualTo(atLeast);
    }
}

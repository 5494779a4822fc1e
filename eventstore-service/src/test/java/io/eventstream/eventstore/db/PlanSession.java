package io.eventstream.eventstore.db;

import io.eventstream.common.testing.TestInfra;
import java.util.Collections;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * A test database with the event store's schema and one session on it, to see the plan PostgreSQL
 * keeps for a statement when it plans it once for all values, as every service's connection does
 * (common's GenericPlans). Closing it drops the database.
 */
public final class PlanSession implements AutoCloseable {

    private final String database;
    private final SingleConnectionDataSource session;
    private final JdbcTemplate jdbc;

    private PlanSession(String database) {
        this.database = database;
        this.session = new SingleConnectionDataSource(TestInfra.jdbcUrl(database), TestInfra.PG_ADMIN, "", true);
        this.jdbc = new JdbcTemplate(session);
    }

    public static PlanSession migrated(String prefix) {
        String database = TestInfra.createDatabase(prefix);
        DriverManagerDataSource data = new DriverManagerDataSource(TestInfra.jdbcUrl(database), TestInfra.PG_ADMIN, "");
        Flyway.configure().dataSource(data).locations("classpath:db/eventstore").load().migrate();
        return new PlanSession(database);
    }

    public JdbcTemplate jdbc() {
        return jdbc;
    }

    /**
     * The statement's generic plan: prepared with its JDBC parameters as {@code bigint}s, explained
     * under {@code plan_cache_mode = force_generic_plan}.
     */
    public String genericPlan(String sql) {
        String[] parts = sql.split("\\?", -1);
        StringBuilder numbered = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            numbered.append('$').append(i).append(parts[i]);
        }
        int parameters = parts.length - 1;
        jdbc.execute("SET plan_cache_mode = force_generic_plan");
        jdbc.execute("PREPARE explained (" + String.join(", ", Collections.nCopies(parameters, "bigint")) + ") AS " + numbered);
        try {
            List<String> lines = jdbc.queryForList(
                    "EXPLAIN EXECUTE explained (" + String.join(", ", Collections.nCopies(parameters, "1000")) + ")", String.class);
            return String.join("\n", lines);
        } finally {
            jdbc.execute("DEALLOCATE explained");
        }
    }

    @Override
    public void close() {
        session.destroy();
        TestInfra.dropDatabase(database);
    }
}

package io.eventstream.eventstore.db;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The plan PostgreSQL keeps for a statement when it plans it once for all values, as every
 * service's connection does (common's GenericPlans): the statement prepared with its JDBC
 * parameters as {@code bigint}s, explained under {@code plan_cache_mode = force_generic_plan}.
 * {@code jdbc} must hold one connection (the setting and the prepared statement are the session's).
 */
public final class GenericPlan {

    private GenericPlan() {
    }

    public static String of(JdbcTemplate jdbc, String sql) {
        String[] parts = sql.split("\\?", -1);
        StringBuilder numbered = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            numbered.append('$').append(i).append(parts[i]);
        }
        int parameters = parts.length - 1;
        String types = String.join(", ", java.util.Collections.nCopies(parameters, "bigint"));
        String values = String.join(", ", java.util.Collections.nCopies(parameters, "1000"));
        jdbc.execute("SET plan_cache_mode = force_generic_plan");
        jdbc.execute("PREPARE explained (" + types + ") AS " + numbered);
        try {
            List<String> lines = jdbc.queryForList("EXPLAIN EXECUTE explained (" + values + ")", String.class);
            return String.join("\n", lines);
        } finally {
            jdbc.execute("DEALLOCATE explained");
        }
    }
}

package io.eventstream.deploy.sql;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import net.sf.jsqlparser.statement.Statement;

/**
 * (b) One statement modifies a table at most once. CockroachDB refuses a statement with several
 * INSERT ... ON CONFLICT, UPSERT, UPDATE or DELETE parts on the same table unless the cluster
 * setting {@code sql.multiple_modifications_of_table.enabled} (or the session variable
 * {@code enable_multiple_modifications_of_table}) is on; several plain INSERTs are allowed.
 */
record OneModificationPerTable() implements DialectRule {

    @Override
    public String name() {
        return "one statement modifies a table once";
    }

    @Override
    public String reference() {
        return "https://www.cockroachlabs.com/docs/stable/subqueries#known-limitations"
                + " (https://github.com/cockroachdb/cockroach/issues/70731)";
    }

    @Override
    public List<String> violations(SqlText text, Statement parsed) {
        if (parsed == null) {
            return List.of();
        }
        Map<String, List<Modifications>> byTable = Modifications.of(parsed).stream()
                .collect(Collectors.groupingBy(Modifications::table));
        return byTable.entrySet().stream()
                .filter(e -> e.getValue().size() > 1 && !e.getValue().stream().allMatch(Modifications::plainInsert))
                .map(e -> e.getKey() + " is modified " + e.getValue().size() + " times")
                .toList();
    }
}

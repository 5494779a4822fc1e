package io.eventstream.deploy.sql;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * (e) A migration file holds DDL or DML, not both. With schema changes outside transactions
 * (see {@link ReRunnableDdl}), a file that mixes them leaves, when interrupted, a schema change
 * applied and its data step not (or the reverse), and a DML step that follows DDL in one
 * transaction on CockroachDB may not see the schema change yet. Apart, each file is one kind
 * of step, retried as a whole.
 */
record DdlApartFromDml() {

    private static final Pattern DDL = Pattern.compile("(?is)^(CREATE|ALTER|DROP|COMMENT|GRANT|REVOKE)\\b");
    private static final Pattern DML = Pattern.compile("(?is)^(INSERT|UPDATE|DELETE|UPSERT|WITH)\\b");

    String name() {
        return "a migration file is DDL or DML, not both";
    }

    String reference() {
        return "https://www.cockroachlabs.com/docs/stable/online-schema-changes#schema-changes-within-transactions";
    }

    /** The files that mix the two, with what they mix. */
    List<String> violations(List<SqlText> statements) {
        Map<String, List<SqlText>> byFile = statements.stream().filter(SqlText::migration)
                .collect(Collectors.groupingBy(SqlText::source, TreeMap::new, Collectors.toList()));
        return byFile.entrySet().stream()
                .filter(e -> e.getValue().stream().anyMatch(s -> DDL.matcher(s.sql().strip()).find())
                        && e.getValue().stream().anyMatch(s -> DML.matcher(s.sql().strip()).find()))
                .map(e -> e.getKey() + " mixes DDL and DML")
                .toList();
    }
}

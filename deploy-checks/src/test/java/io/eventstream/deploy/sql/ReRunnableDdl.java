package io.eventstream.deploy.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import net.sf.jsqlparser.statement.Statement;

/**
 * (d) Every migration statement can run again. CockroachDB does not run schema changes inside a
 * transaction in general (online schema changes, "schema changes within transactions"), and
 * Flyway's CockroachDB support says so ({@code supportsDdlTransactions()} is false): a migration
 * interrupted half-way keeps the statements that ran, and the next run starts it again from its
 * first statement. So: IF NOT EXISTS on CREATE TABLE / CREATE INDEX / ADD COLUMN, IF EXISTS on
 * DROP, ON CONFLICT on INSERT; ADD CONSTRAINT has no IF NOT EXISTS in PostgreSQL, so it is refused.
 */
record ReRunnableDdl() implements DialectRule {

    private static final List<Check> CHECKS = List.of(
            new Check(Pattern.compile("(?is)^CREATE\\s+TABLE\\s+(?!IF\\s+NOT\\s+EXISTS)"), "CREATE TABLE without IF NOT EXISTS"),
            new Check(Pattern.compile("(?is)^CREATE\\s+(UNIQUE\\s+)?INDEX\\s+(CONCURRENTLY\\s+)?(?!IF\\s+NOT\\s+EXISTS)"),
                    "CREATE INDEX without IF NOT EXISTS"),
            new Check(Pattern.compile("(?is)\\bADD\\s+COLUMN\\s+(?!IF\\s+NOT\\s+EXISTS)"), "ADD COLUMN without IF NOT EXISTS"),
            new Check(Pattern.compile("(?is)^ALTER\\s+TABLE\\b.*\\bADD\\s+(?!COLUMN\\b)(?!CONSTRAINT\\b)\\w+\\s+\\w+"),
                    "ADD without COLUMN IF NOT EXISTS"),
            new Check(Pattern.compile("(?is)\\bADD\\s+CONSTRAINT\\b"), "ADD CONSTRAINT cannot be made re-runnable"),
            new Check(Pattern.compile("(?is)^DROP\\s+(TABLE|INDEX|VIEW|SEQUENCE)\\s+(?!IF\\s+EXISTS)"), "DROP without IF EXISTS"),
            new Check(Pattern.compile("(?is)\\bDROP\\s+COLUMN\\s+(?!IF\\s+EXISTS)"), "DROP COLUMN without IF EXISTS"),
            new Check(Pattern.compile("(?is)^INSERT\\b(?!.*\\bON\\s+CONFLICT\\b)"), "INSERT without ON CONFLICT"));

    private record Check(Pattern pattern, String problem) {
    }

    @Override
    public String name() {
        return "a migration statement can run again";
    }

    @Override
    public String reference() {
        return "https://www.cockroachlabs.com/docs/stable/online-schema-changes#schema-changes-within-transactions;"
                + " https://github.com/flyway/flyway/blob/main/flyway-database/flyway-database-postgresql/src/main/java/"
                + "org/flywaydb/database/cockroachdb/CockroachDBDatabase.java (supportsDdlTransactions)";
    }

    @Override
    public List<String> violations(SqlText text, Statement parsed) {
        if (!text.migration()) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        String sql = text.sql().strip();
        for (Check check : CHECKS) {
            if (check.pattern().matcher(sql).find()) {
                problems.add(check.problem());
            }
        }
        return problems;
    }
}

package io.eventstream.deploy.sql;

import java.util.List;
import net.sf.jsqlparser.statement.Statement;

/**
 * (a) A data-modifying CTE must have RETURNING. PostgreSQL accepts {@code WITH q AS (INSERT ...)}
 * without it; CockroachDB refuses the whole statement with SQLSTATE 0A000 "WITH clause "q" does not
 * return any columns", hint "missing RETURNING clause?" (optbuilder's getCTECols).
 */
record ModifyingCteReturns() implements DialectRule {

    @Override
    public String name() {
        return "a data-modifying CTE has RETURNING";
    }

    @Override
    public String reference() {
        return "https://github.com/cockroachdb/cockroach/blob/master/pkg/sql/opt/optbuilder/with.go (getCTECols)";
    }

    @Override
    public List<String> violations(SqlText text, Statement parsed) {
        if (parsed == null) {
            return List.of();
        }
        return Modifications.of(parsed).stream()
                .filter(m -> m.cte() != null && !m.returning())
                .map(m -> "CTE " + m.cte() + " modifies " + m.table() + " without RETURNING")
                .toList();
    }
}

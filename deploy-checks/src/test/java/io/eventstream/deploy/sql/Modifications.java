package io.eventstream.deploy.sql;

import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.statement.ReturningClause;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.delete.ParenthesedDelete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.insert.ParenthesedInsert;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.statement.update.ParenthesedUpdate;
import net.sf.jsqlparser.statement.update.Update;

/**
 * The data-modifying parts of a parsed statement: the statement itself when it is an INSERT,
 * UPDATE or DELETE, and each data-modifying CTE of its top-level WITH (CockroachDB allows data-
 * modifying CTEs only there: https://www.cockroachlabs.com/docs/stable/common-table-expressions#data-modifying-statements).
 *
 * @param cte       the CTE's name; null for the statement itself
 * @param table     the table it modifies, lower case
 * @param plainInsert an INSERT without ON CONFLICT (CockroachDB allows two of these on one table)
 * @param returning whether it has a RETURNING clause
 */
record Modifications(String cte, String table, boolean plainInsert, boolean returning) {

    static List<Modifications> of(Statement statement) {
        List<Modifications> found = new ArrayList<>();
        Modifications main = of(null, statement);
        if (main != null) {
            found.add(main);
        }
        for (WithItem<?> item : withItems(statement)) {
            Object cteBody = item.getParenthesedStatement();
            Statement inner = cteBody instanceof ParenthesedInsert i ? i.getInsert()
                    : cteBody instanceof ParenthesedUpdate u ? u.getUpdate()
                    : cteBody instanceof ParenthesedDelete d ? d.getDelete() : null;
            Modifications cte = inner == null ? null : of(item.getUnquotedAliasName(), inner);
            if (cte != null) {
                found.add(cte);
            }
        }
        return found;
    }

    private static Modifications of(String cte, Statement statement) {
        if (statement instanceof Insert insert) {
            return new Modifications(cte, name(insert.getTable().getName()), insert.getConflictAction() == null,
                    has(insert.getReturningClause()));
        }
        if (statement instanceof Update update) {
            return new Modifications(cte, name(update.getTable().getName()), false, has(update.getReturningClause()));
        }
        if (statement instanceof Delete delete) {
            return new Modifications(cte, name(delete.getTable().getName()), false, has(delete.getReturningClause()));
        }
        return null;
    }

    private static List<WithItem<?>> withItems(Statement statement) {
        List<WithItem<?>> items = statement instanceof Select s ? s.getWithItemsList()
                : statement instanceof Insert i ? i.getWithItemsList()
                : statement instanceof Update u ? u.getWithItemsList()
                : statement instanceof Delete d ? d.getWithItemsList() : null;
        return items == null ? List.of() : items;
    }

    private static boolean has(ReturningClause returning) {
        return returning != null;
    }

    private static String name(String table) {
        return table.replace("\"", "").toLowerCase(java.util.Locale.ROOT);
    }
}

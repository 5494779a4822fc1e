package io.eventstream.saga.jdbc;

import io.eventstream.common.sql.SqlRetry;
import io.eventstream.saga.rebuild.Checkpoint;
import io.eventstream.saga.rebuild.RebuildStore;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The rebuild's checkpoint ({@code saga_rebuild}, one row) and its two writes to the saga's
 * tables: emptying them when it starts over, and making orders due for the deadline scan.
 * 40001 and deadlocks retried by common's {@link SqlRetry}.
 */
public class JdbcRebuildStore implements RebuildStore {

    static final String CHECKPOINT = "SELECT target, position, finished_at IS NOT NULL AS finished FROM saga_rebuild WHERE id = 1";
    static final String EMPTY_STEPS = "DELETE FROM saga_steps WHERE order_id IS NOT NULL";
    static final String EMPTY_ORDERS = "DELETE FROM saga_orders WHERE order_id IS NOT NULL";
    static final String START = """
            INSERT INTO saga_rebuild (id, target, position, started_at, finished_at) VALUES (1, ?, 0, now(), NULL)
            ON CONFLICT (id) DO UPDATE SET target = excluded.target, position = 0, started_at = now(), finished_at = NULL""";
    static final String ADVANCE = "UPDATE saga_rebuild SET position = ? WHERE id = 1";
    static final String FINISH = "UPDATE saga_rebuild SET finished_at = now() WHERE id = 1";
    /** Due now for the scan: awaiting_deadline is what it looks at; the next save sets both again from the history. */
    static final String MARK_DUE = "UPDATE saga_orders SET awaiting_deadline = true, deadline_at = ?"
            + " WHERE order_id = ANY (?)";

    private final JdbcTemplate template;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    public JdbcRebuildStore(JdbcTemplate template) {
        this.template = template;
        this.jdbc = JdbcClient.create(template);
        this.transactions = new TransactionTemplate(new JdbcTransactionManager(template.getDataSource()));
    }

    @Override
    public Optional<Checkpoint> checkpoint() {
        return retrying(() -> jdbc.sql(CHECKPOINT)
                .query((rs, row) -> new Checkpoint(rs.getLong("target"), rs.getLong("position"), rs.getBoolean("finished")))
                .optional());
    }

    @Override
    public void startOver(long target) {
        retrying(() -> transactions.execute(status -> {
            template.update(EMPTY_STEPS);
            template.update(EMPTY_ORDERS);
            return template.update(START, target);
        }));
    }

    @Override
    public void advance(long position) {
        retrying(() -> template.update(ADVANCE, position));
    }

    @Override
    public void finish() {
        retrying(() -> template.update(FINISH));
    }

    @Override
    public void markDue(Collection<String> orderIds, Instant now) {
        List<String> ids = List.copyOf(orderIds);
        retrying(() -> template.update(con -> {
            var statement = con.prepareStatement(MARK_DUE);
            statement.setObject(1, now.atOffset(ZoneOffset.UTC));
            statement.setArray(2, con.createArrayOf("text", ids.toArray()));
            return statement;
        }));
    }

    private static <T> T retrying(Supplier<T> work) {
        return SqlRetry.call(attempt -> work.get());
    }
}

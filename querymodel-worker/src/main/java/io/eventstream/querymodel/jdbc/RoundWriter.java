package io.eventstream.querymodel.jdbc;

import io.eventstream.querymodel.projection.OrderChange;
import io.eventstream.querymodel.projection.OrderDetails;
import io.eventstream.querymodel.projection.OrderLine;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One round of a batch ({@link JdbcReadModel#rounds}: each order at most once) in at most three
 * statements whatever its size: the created events (order and history rows), their items, the
 * status events, each row's values as arrays ({@link ReadModelStatements#CREATED_ROUND},
 * {@link ReadModelStatements#ITEMS_ROUND}, {@link ReadModelStatements#STATUS_ROUND}). The rules are
 * those of the one-event statements; a JDBC batch of those cost one statement per event in the database.
 */
final class RoundWriter {

    private final String createdRound;
    private final String itemsRound;
    private final String statusRound;

    RoundWriter(ReadModelTables tables) {
        this.createdRound = tables.rewrite(ReadModelStatements.CREATED_ROUND);
        this.itemsRound = tables.rewrite(ReadModelStatements.ITEMS_ROUND);
        this.statusRound = tables.rewrite(ReadModelStatements.STATUS_ROUND);
    }

    void apply(Connection c, List<OrderChange> round) throws SQLException {
        List<OrderChange> created = round.stream().filter(change -> change.details() != null).toList();
        List<OrderChange> statuses = round.stream().filter(change -> change.details() == null).toList();
        if (!created.isEmpty()) {
            try (PreparedStatement s = c.prepareStatement(createdRound)) {
                int p = bind(s, 0, c, created, "text", OrderChange::orderId);
                p = bind(s, p, c, created, "text", change -> change.details().customerId());
                p = bind(s, p, c, created, "text", change -> change.status().label());
                p = bind(s, p, c, created, "text", change -> text(change.details().createdOn()));
                p = bind(s, p, c, created, "text", change -> change.details().restaurantId());
                p = bind(s, p, c, created, "text", change -> money(change.details().amount()));
                p = bind(s, p, c, created, "int8", OrderChange::version);
                history(s, p, c, created);
                s.executeUpdate();
            }
            items(c, created);
        }
        if (!statuses.isEmpty()) {
            try (PreparedStatement s = c.prepareStatement(statusRound)) {
                int p = bind(s, 0, c, statuses, "text", OrderChange::orderId);
                p = bind(s, p, c, statuses, "text", change -> change.status().label());
                p = bind(s, p, c, statuses, "int8", OrderChange::version);
                p = bind(s, p, c, statuses, "text", OrderChange::reason);
                history(s, p, c, statuses);
                s.executeUpdate();
            }
        }
    }

    private void items(Connection c, List<OrderChange> created) throws SQLException {
        record Row(String id, String orderId, String customerId, OrderLine item) {
        }
        List<Row> rows = new ArrayList<>();
        for (OrderChange change : created) {
            OrderDetails details = change.details();
            int line = 0;
            for (OrderLine item : details.items()) {
                // <orderid>:<line>, deterministic: a redelivered event inserts nothing new
                rows.add(new Row(change.orderId() + ":" + ++line, change.orderId(), details.customerId(), item));
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement(itemsRound)) {
            int p = bind(s, 0, c, rows, "text", Row::id);
            p = bind(s, p, c, rows, "text", Row::orderId);
            p = bind(s, p, c, rows, "text", Row::customerId);
            p = bind(s, p, c, rows, "text", row -> row.item().code());
            p = bind(s, p, c, rows, "text", row -> row.item().name());
            p = bind(s, p, c, rows, "text", row -> money(row.item().unitPrice()));
            bind(s, p, c, rows, "int4", row -> row.item().quantity());
            s.executeUpdate();
        }
    }

    static int history(PreparedStatement s, int p, Connection c, List<OrderChange> changes) throws SQLException {
        p = bind(s, p, c, changes, "text", OrderChange::orderId);
        p = bind(s, p, c, changes, "int8", OrderChange::version);
        p = bind(s, p, c, changes, "text", change -> change.status().label());
        p = bind(s, p, c, changes, "text", OrderChange::eventId);
        p = bind(s, p, c, changes, "text", OrderChange::eventType);
        p = bind(s, p, c, changes, "text", OrderChange::reason);
        return bind(s, p, c, changes, "text", change -> text(change.reachedAt()));
    }

    /** Parameter {@code p + 1}: the rows' values of one column as an array of {@code type}. */
    static <T> int bind(PreparedStatement s, int p, Connection c, List<T> rows, String type,
            Function<T, Object> column) throws SQLException {
        Object[] values = new Object[rows.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = column.apply(rows.get(i));
        }
        Array array = c.createArrayOf(type, values);
        s.setArray(p + 1, array);
        return p + 1;
    }

    static String text(OffsetDateTime time) {
        return time == null ? null : time.toString();
    }

    static String money(BigDecimal amount) {
        return amount == null ? null : amount.toPlainString();
    }
}

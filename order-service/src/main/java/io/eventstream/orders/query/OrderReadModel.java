package io.eventstream.orders.query;

import io.eventstream.common.sql.SqlRetry;
import io.eventstream.orders.order.OrderItem;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads the order read model (ordersdb), which querymodel-worker alone writes. Each answer
 * is read in one read-only REPEATABLE READ transaction, so an order, its items and its
 * history come from one snapshot.
 */
@Repository
public class OrderReadModel {

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    public OrderReadModel(JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        tx.setReadOnly(true);
        tx.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    }

    /**
     * The order with this id. A row without a customer (later events of the order arrived
     * before its created event) is not an order yet.
     */
    public Optional<OrderDetails> find(String orderId) {
        return inTransaction(() -> jdbc.sql("""
                        SELECT id, customerid, status, createdon, restaurantid, amount, reason
                        FROM orders WHERE id = ? AND customerid IS NOT NULL""")
                .param(orderId)
                .query(this::orderRow)
                .optional()
                .map(row -> row.with(itemsOf(List.of(orderId)).getOrDefault(orderId, List.of()), historyOf(orderId))));
    }

    /** A page of the customer's orders, newest first (the original read the items table here). */
    public OrderPage byCustomer(String customerId, int page, int size) {
        return inTransaction(() -> {
            long total = jdbc.sql("SELECT count(*) FROM orders WHERE customerid = ?")
                    .param(customerId)
                    .query(Long.class)
                    .single();
            List<OrderRow> rows = jdbc.sql("""
                            SELECT id, customerid, status, createdon, restaurantid, amount, reason
                            FROM orders WHERE customerid = ?
                            ORDER BY createdon DESC, id DESC
                            LIMIT ? OFFSET ?""")
                    .param(customerId)
                    .param(size)
                    .param((long) page * size)
                    .query(this::orderRow)
                    .list();
            Map<String, List<OrderItem>> items = itemsOf(rows.stream().map(OrderRow::id).toList());
            List<OrderDetails> orders = rows.stream()
                    .map(row -> row.with(items.getOrDefault(row.id(), List.of()), List.of()))
                    .toList();
            return new OrderPage(customerId, page, size, total, orders);
        });
    }

    private Map<String, List<OrderItem>> itemsOf(List<String> orderIds) {
        if (orderIds.isEmpty()) {
            return Map.of();
        }
        String placeholders = String.join(",", Collections.nCopies(orderIds.size(), "?"));
        // Item ids are "<orderid>:<line>": within one order, shorter ids first puts line 10 after line 9.
        Map<String, List<OrderItem>> byOrder = new LinkedHashMap<>();
        jdbc.sql("SELECT orderid, code, name, unitprice, quantity FROM orderitems WHERE orderid IN ("
                        + placeholders + ") ORDER BY orderid, length(id), id")
                .params(List.copyOf(orderIds))
                .query((rs, n) -> {
                    byOrder.computeIfAbsent(rs.getString("orderid"), k -> new ArrayList<>())
                            .add(new OrderItem(rs.getString("code"), rs.getString("name"),
                                    rs.getBigDecimal("unitprice"), rs.getInt("quantity")));
                    return null;
                })
                .list();
        return byOrder;
    }

    private List<StatusChange> historyOf(String orderId) {
        return jdbc.sql("""
                        SELECT status, version, event_type, reason, reached_at
                        FROM order_status_history WHERE orderid = ? ORDER BY version""")
                .param(orderId)
                .query((rs, n) -> new StatusChange(rs.getString("status"), rs.getLong("version"),
                        rs.getString("event_type"), rs.getString("reason"), instant(rs, "reached_at")))
                .list();
    }

    private OrderRow orderRow(ResultSet rs, int rowNum) throws SQLException {
        return new OrderRow(rs.getString("id"), rs.getString("customerid"), rs.getString("status"),
                instant(rs, "createdon"), rs.getString("restaurantid"), rs.getBigDecimal("amount"),
                rs.getString("reason"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** CockroachDB may answer a read with 40001: common's one policy ({@link SqlRetry}) runs it again. */
    private <T> T inTransaction(Supplier<T> work) {
        return SqlRetry.call(attempt -> tx.execute(status -> work.get()));
    }

    private record OrderRow(String id, String customerId, String status, Instant createdOn, String restaurantId,
                            BigDecimal amount, String reason) {

        OrderDetails with(List<OrderItem> items, List<StatusChange> history) {
            return new OrderDetails(id, customerId, status, createdOn, restaurantId, amount, reason, items, history);
        }
    }
}

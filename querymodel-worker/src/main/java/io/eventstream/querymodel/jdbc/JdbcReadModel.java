package io.eventstream.querymodel.jdbc;

import io.eventstream.querymodel.projection.OrderChange;
import io.eventstream.querymodel.projection.OrderDetails;
import io.eventstream.querymodel.projection.OrderLine;
import io.eventstream.querymodel.projection.OrderStatus;
import io.eventstream.querymodel.projection.ReadModel;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The read model in ordersdb (schema db/orders). One statement per event, its own transaction
 * (autocommit: one round trip): the order row, the items and the history row are written by
 * data-modifying CTEs of that statement. Every part is an {@code INSERT ... ON CONFLICT}, so a
 * redelivered event changes nothing and events may arrive in any order:
 *
 * <ul>
 *   <li>The status is written only by an event of a higher version than {@code last_version}:
 *       an approved (3) that arrives before created (1) creates the row as Approved, and
 *       the created event later fills in the order's data without lowering the status.</li>
 *   <li>A terminal status (Approved, Rejected, Cancelled; an order reaches exactly one) wins
 *       over any other whatever its version, and is never overwritten: a late debit and its
 *       refund after Cancelled show in the history, not as the status.</li>
 *   <li>Items have ids {@code <orderid>:<line>}, history rows the key (orderid, version).</li>
 * </ul>
 *
 * <p>A batch ({@link #applyAll}) is one transaction with the same statements, sent as JDBC
 * batches (one round trip for many executions of one statement) and ordered so that the result
 * is that of applying the changes one by one in stream order, see {@link #rounds}. The SQL is in
 * {@link ReadModelStatements}.
 */
public class JdbcReadModel implements ReadModel {

    private final Transactions transactions;
    private final ReadModelTables tables;
    private final String claimOrders;
    private final String createdChange;
    private final String createdWithItems;
    private final String statusChange;
    private final String insertItems;
    private final RoundWriter roundWriter;
    private final String tallyHourly;

    /** The live tables. */
    public JdbcReadModel(Transactions transactions) {
        this(transactions, ReadModelTables.LIVE);
    }

    /** The same projection into other tables (a rebuild's generation): the same statements, other names. */
    public JdbcReadModel(Transactions transactions, ReadModelTables tables) {
        this.transactions = transactions;
        this.tables = tables;
        this.claimOrders = tables.rewrite(ReadModelStatements.CLAIM_ORDERS);
        this.createdChange = tables.rewrite(ReadModelStatements.CREATED_CHANGE);
        this.createdWithItems = tables.rewrite(ReadModelStatements.CREATED_WITH_ITEMS);
        this.statusChange = tables.rewrite(ReadModelStatements.STATUS_CHANGE);
        this.insertItems = tables.rewrite(ReadModelStatements.INSERT_ITEMS.formatted(ReadModelStatements.ITEM_ROW));
        this.roundWriter = new RoundWriter(tables);
        this.tallyHourly = tables.rewrite(ReadModelStatements.TALLY_HOURLY);
    }

    public ReadModelTables tables() {
        return tables;
    }

    /**
     * A change that can make its order count in restaurant_hourly (a created or an approved event)
     * is a transaction: the order row, then {@link #tallyHourly}. Any other is one autocommitted statement.
     */
    @Override
    public void apply(OrderChange change) {
        if (change.details() == null && !countsHourly(change)) {
            transactions.inOneStatement(connection -> applyStatus(connection, change));
        } else if (change.details() == null) {
            transactions.inTransaction(connection -> {
                applyStatus(connection, change);
                tallyHourly(connection, List.of(change));
            });
        } else {
            // Over MAX_INLINE_ITEMS, one statement could pass PostgreSQL's 65,535 parameters: items apart.
            boolean inline = change.details().items().size() <= ReadModelStatements.MAX_INLINE_ITEMS;
            transactions.inTransaction(connection -> {
                applyCreated(connection, change, change.details(), inline);
                if (!inline) {
                    insertItems(connection, List.of(change));
                }
                tallyHourly(connection, List.of(change));
            });
        }
    }

    /**
     * One transaction, one commit for all: the batch's order rows are locked first
     * ({@link #ReadModelStatements.CLAIM_ORDERS}), then each round is at most three JDBC batches (created events,
     * their items, status events), each one round trip.
     */
    @Override
    public void applyAll(List<OrderChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        if (changes.size() == 1) {
            apply(changes.get(0)); // one autocommitted statement: cheaper than a transaction
            return;
        }
        List<List<OrderChange>> rounds = rounds(changes);
        transactions.inTransaction(connection -> {
            // A batch of one order takes one row lock: no deadlock. A generation's tables (a rebuild's,
            // before its switch) have one writer, which applies one page at a time: nothing to deadlock with.
            if (rounds.get(0).size() > 1 && tables.equals(ReadModelTables.LIVE)) {
                claimOrders(connection, rounds.get(0));
            }
            for (List<OrderChange> round : rounds) {
                roundWriter.apply(connection, round);
            }
            tallyHourly(connection, changes);
        });
    }

    /** The created and approved events can make an order count in restaurant_hourly; no other can. */
    private static boolean countsHourly(OrderChange change) {
        return change.details() != null || change.status() == OrderStatus.APPROVED;
    }

    /**
     * Adds the orders of {@code changes} that do not count yet in restaurant_hourly
     * ({@link ReadModelStatements#TALLY_HOURLY}); last in the transaction, after their rows are written
     * and locked, so every transaction takes the order rows' locks before the buckets'.
     */
    private void tallyHourly(Connection c, List<OrderChange> changes) throws SQLException {
        Object[] ids = changes.stream().filter(JdbcReadModel::countsHourly).map(OrderChange::orderId)
                .distinct().sorted().toArray();
        if (ids.length == 0) {
            return;
        }
        Array array = c.createArrayOf("text", ids);
        try (PreparedStatement s = c.prepareStatement(tallyHourly)) {
            s.setArray(1, array);
            s.executeUpdate();
        } finally {
            array.free();
        }
    }

    /**
     * Splits a batch into rounds: round k holds the k-th change of each order (in stream order),
     * orders sorted by id. The changes of different orders touch different rows (the order row,
     * items {@code <orderid>:<line>}, history (orderid, version)), so within a round their order
     * does not matter; rounds keep each order's changes in stream order. Applying the rounds one
     * after another is therefore exactly applying the changes one by one, as {@link #apply} does.
     */
    static List<List<OrderChange>> rounds(List<OrderChange> changes) {
        List<OrderChange> sorted = new ArrayList<>(changes);
        sorted.sort(Comparator.comparing(OrderChange::orderId)); // stable: an order's changes stay in stream order
        List<List<OrderChange>> rounds = new ArrayList<>();
        String previous = null;
        int k = 0;
        for (OrderChange change : sorted) {
            k = change.orderId().equals(previous) ? k + 1 : 0;
            previous = change.orderId();
            if (rounds.size() == k) {
                rounds.add(new ArrayList<>());
            }
            rounds.get(k).add(change);
        }
        return rounds;
    }

    private void claimOrders(Connection c, List<OrderChange> oneEachOrder) throws SQLException {
        Array ids = c.createArrayOf("text", oneEachOrder.stream().map(OrderChange::orderId).toArray());
        try (PreparedStatement s = c.prepareStatement(claimOrders)) {
            s.setString(1, OrderStatus.PENDING.label());
            s.setArray(2, ids);
            s.executeUpdate();
        } finally {
            ids.free();
        }
    }

    /** The created event: the order row, one row per item (a multi-row VALUES) and the history row. */
    private void applyCreated(Connection c, OrderChange change, OrderDetails details, boolean withItems)
            throws SQLException {
        int items = withItems ? details.items().size() : 0;
        String sql = items == 0 ? createdChange : ReadModelStatements.withItemRows(createdWithItems, items);
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bindCreated(s, change, details, withItems);
            s.executeUpdate();
        }
    }

    private static void bindCreated(PreparedStatement s, OrderChange change, OrderDetails details, boolean withItems)
            throws SQLException {
        int p = 0;
        s.setString(++p, change.orderId());
        s.setString(++p, details.customerId());
        s.setString(++p, change.status().label());
        if (details.createdOn() == null) {
            s.setNull(++p, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            s.setObject(++p, details.createdOn());
        }
        s.setString(++p, details.restaurantId());
        s.setBigDecimal(++p, details.amount());
        s.setLong(++p, change.version());
        int line = 0;
        for (OrderLine item : withItems ? details.items() : List.<OrderLine>of()) {
            p = bindItem(s, p, change.orderId(), details.customerId(), ++line, item);
        }
        setHistory(s, p, change);
    }

    /** The items of created events, one JDBC batch (no limit on parameters: each row is an execution). */
    private void insertItems(Connection c, List<OrderChange> created) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(insertItems)) {
            boolean any = false;
            for (OrderChange change : created) {
                String orderId = change.orderId();
                OrderDetails details = change.details();
                int line = 0;
                for (OrderLine item : details.items()) {
                    bindItem(s, 0, orderId, details.customerId(), ++line, item);
                    s.addBatch();
                    any = true;
                }
            }
            if (any) {
                s.executeBatch();
            }
        }
    }

    /** One item row ({@link ReadModelStatements#ITEM_ROW}) after parameter {@code p}; returns the last parameter set. */
    private static int bindItem(PreparedStatement s, int p, String orderId, String customerId, int line, OrderLine item)
            throws SQLException {
        s.setString(++p, orderId + ":" + line); // deterministic: a redelivered event inserts nothing new
        s.setString(++p, orderId);
        s.setString(++p, customerId);
        s.setString(++p, item.code());
        s.setString(++p, item.name());
        s.setBigDecimal(++p, item.unitPrice());
        s.setInt(++p, item.quantity());
        return p;
    }

    private void applyStatus(Connection c, OrderChange change) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(statusChange)) {
            bindStatus(s, change);
            s.executeUpdate();
        }
    }

    private static void bindStatus(PreparedStatement s, OrderChange change) throws SQLException {
        s.setString(1, change.orderId());
        s.setString(2, change.status().label());
        s.setLong(3, change.version());
        s.setString(4, change.reason());
        s.setBoolean(5, change.status().terminal());
        setHistory(s, 5, change);
    }

    private static void setHistory(PreparedStatement s, int after, OrderChange change) throws SQLException {
        s.setString(after + 1, change.orderId());
        s.setLong(after + 2, change.version());
        s.setString(after + 3, change.status().label());
        s.setString(after + 4, change.eventId());
        s.setString(after + 5, change.eventType());
        s.setString(after + 6, change.reason());
        s.setObject(after + 7, change.reachedAt());
    }
}

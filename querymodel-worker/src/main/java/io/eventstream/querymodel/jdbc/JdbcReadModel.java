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
import java.util.Collections;
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
 * is that of applying the changes one by one in stream order, see {@link #rounds}.
 * Every CTE has {@code RETURNING} (CockroachDB refuses one without:
 * https://github.com/cockroachdb/cockroach/blob/master/pkg/sql/opt/optbuilder/with.go, getCTECols);
 * the statements are checked against CockroachDB's restrictions by deploy-checks' {@code CockroachDialectTest}.
 */
public class JdbcReadModel implements ReadModel {

    private static final String UPSERT_CREATED = """
            INSERT INTO orders (id, customerid, status, createdon, restaurantid, amount, last_version, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, now())
            ON CONFLICT (id) DO UPDATE SET
                customerid = excluded.customerid,
                createdon = excluded.createdon,
                restaurantid = excluded.restaurantid,
                amount = excluded.amount,
                status = CASE WHEN excluded.last_version > orders.last_version
                              THEN excluded.status ELSE orders.status END,
                reason = CASE WHEN excluded.last_version > orders.last_version
                              THEN NULL ELSE orders.reason END,
                last_version = GREATEST(orders.last_version, excluded.last_version),
                updated_at = now()
            RETURNING id""";

    private static final String UPSERT_STATUS = """
            INSERT INTO orders (id, status, last_version, reason, updated_at)
            VALUES (?, ?, ?, ?, now())
            ON CONFLICT (id) DO UPDATE SET
                status = excluded.status,
                last_version = excluded.last_version,
                reason = excluded.reason,
                updated_at = now()
            WHERE orders.status NOT IN ('Approved', 'Rejected', 'Cancelled')
              AND (? OR orders.last_version < excluded.last_version)
            RETURNING id""";

    private static final String INSERT_ITEMS = """
            INSERT INTO orderitems (id, orderid, customerid, code, name, unitprice, quantity)
            VALUES %s
            ON CONFLICT (id) DO NOTHING""";

    /** {@link #INSERT_ITEMS} as a CTE: CockroachDB requires RETURNING of every CTE. */
    private static final String INSERT_ITEMS_RETURNING = INSERT_ITEMS + "\nRETURNING id";

    private static final String ITEM_ROW = "(?, ?, ?, ?, ?, ?, ?)";
    private static final int MAX_INLINE_ITEMS = 1000;

    private static final String INSERT_HISTORY = """
            INSERT INTO order_status_history (orderid, version, status, event_id, event_type, reason, reached_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (orderid, version) DO NOTHING""";

    /** The created event without its items (they go apart): one text for every order, so it batches. */
    private static final String CREATED_CHANGE = "WITH created AS (" + UPSERT_CREATED + ")\n" + INSERT_HISTORY;

    /** With its items ({@code %s}: one {@link #ITEM_ROW} each); constants, so CockroachDialectTest reads them whole. */
    private static final String CREATED_WITH_ITEMS = "WITH created AS (" + UPSERT_CREATED + "),\nitems AS ("
            + INSERT_ITEMS_RETURNING + ")\n" + INSERT_HISTORY;

    /** The status event: the order row and the history row. */
    private static final String STATUS_CHANGE = "WITH status AS (" + UPSERT_STATUS + ")\n" + INSERT_HISTORY;

    /**
     * Locks the rows of all of a batch's orders, in id order, before anything else is written.
     * Two batches handled at once often share orders (an order's created and its debit in
     * consecutive batches); if one locked A then B and the other B then A, they would deadlock
     * (PostgreSQL breaks that after a second). An order that has no row yet gets one here,
     * with version 0 and a status that is not terminal: to both statements above it is the same
     * as no row (the created event and any status event, all of version 1 or more, overwrite
     * it whole), and the batch writes every order it claims before it commits, so nobody ever
     * sees it. {@code DO UPDATE ... WHERE false} writes nothing but locks an existing row, which
     * {@code DO NOTHING} would not.
     */
    private static final String CLAIM_ORDERS = """
            INSERT INTO orders (id, status, last_version, updated_at)
            SELECT id, ?, 0, now() FROM unnest(?::text[]) AS claimed(id) ORDER BY id
            ON CONFLICT (id) DO UPDATE SET last_version = orders.last_version WHERE false""";

    private final Transactions transactions;

    public JdbcReadModel(Transactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public void apply(OrderChange change) {
        if (change.details() == null) {
            transactions.inOneStatement(connection -> applyStatus(connection, change));
        } else if (change.details().items().size() <= MAX_INLINE_ITEMS) {
            transactions.inOneStatement(connection -> applyCreated(connection, change, change.details(), true));
        } else {
            // So many items that one statement could pass PostgreSQL's 65,535 parameters: items apart.
            transactions.inTransaction(connection -> {
                applyCreated(connection, change, change.details(), false);
                insertItems(connection, List.of(change));
            });
        }
    }

    /**
     * One transaction, one commit for all: the batch's order rows are locked first
     * ({@link #CLAIM_ORDERS}), then each round is at most three JDBC batches (created events,
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
            if (rounds.get(0).size() > 1) { // a batch of one order takes one row lock: no deadlock
                claimOrders(connection, rounds.get(0));
            }
            for (List<OrderChange> round : rounds) {
                applyRound(connection, round);
            }
        });
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

    private static void claimOrders(Connection c, List<OrderChange> oneEachOrder) throws SQLException {
        Array ids = c.createArrayOf("text", oneEachOrder.stream().map(OrderChange::orderId).toArray());
        try (PreparedStatement s = c.prepareStatement(CLAIM_ORDERS)) {
            s.setString(1, OrderStatus.PENDING.label());
            s.setArray(2, ids);
            s.executeUpdate();
        } finally {
            ids.free();
        }
    }

    /** One change per order: the created ones with their items, then the status ones. */
    private static void applyRound(Connection c, List<OrderChange> round) throws SQLException {
        List<OrderChange> created = round.stream().filter(change -> change.details() != null).toList();
        List<OrderChange> statuses = round.stream().filter(change -> change.details() == null).toList();
        if (!created.isEmpty()) {
            try (PreparedStatement s = c.prepareStatement(CREATED_CHANGE)) {
                for (OrderChange change : created) {
                    bindCreated(s, change, change.details(), false);
                    s.addBatch();
                }
                s.executeBatch();
            }
            insertItems(c, created);
        }
        if (!statuses.isEmpty()) {
            try (PreparedStatement s = c.prepareStatement(STATUS_CHANGE)) {
                for (OrderChange change : statuses) {
                    bindStatus(s, change);
                    s.addBatch();
                }
                s.executeBatch();
            }
        }
    }

    /** The created event: the order row, one row per item (a multi-row VALUES) and the history row. */
    private static void applyCreated(Connection c, OrderChange change, OrderDetails details, boolean withItems)
            throws SQLException {
        String sql = createdChange(withItems ? details.items().size() : 0);
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bindCreated(s, change, details, withItems);
            s.executeUpdate();
        }
    }

    private static String createdChange(int items) {
        return items == 0 ? CREATED_CHANGE
                : CREATED_WITH_ITEMS.formatted(String.join(", ", Collections.nCopies(items, ITEM_ROW)));
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
            line++;
            s.setString(++p, change.orderId() + ":" + line);
            s.setString(++p, change.orderId());
            s.setString(++p, details.customerId());
            s.setString(++p, item.code());
            s.setString(++p, item.name());
            s.setBigDecimal(++p, item.unitPrice());
            s.setInt(++p, item.quantity());
        }
        setHistory(s, p, change);
    }

    /** The items of created events, one JDBC batch (no limit on parameters: each row is an execution). */
    private static void insertItems(Connection c, List<OrderChange> created) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(INSERT_ITEMS.formatted(ITEM_ROW))) {
            boolean any = false;
            for (OrderChange change : created) {
                String orderId = change.orderId();
                OrderDetails details = change.details();
                int line = 0;
                for (OrderLine item : details.items()) {
                    line++;
                    s.setString(1, orderId + ":" + line);
                    s.setString(2, orderId);
                    s.setString(3, details.customerId());
                    s.setString(4, item.code());
                    s.setString(5, item.name());
                    s.setBigDecimal(6, item.unitPrice());
                    s.setInt(7, item.quantity());
                    s.addBatch();
                    any = true;
                }
            }
            if (any) {
                s.executeBatch();
            }
        }
    }

    private static void applyStatus(Connection c, OrderChange change) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(STATUS_CHANGE)) {
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

package io.eventstream.querymodel.jdbc;

import java.util.Collections;

/**
 * The SQL of {@link JdbcReadModel}, as constants (deploy-checks' {@code CockroachDialectTest} reads
 * them from the class file, whole). Every CTE has {@code RETURNING}: CockroachDB refuses one without
 * (https://github.com/cockroachdb/cockroach/blob/master/pkg/sql/opt/optbuilder/with.go, getCTECols).
 */
final class ReadModelStatements {

    /** How a created event's row meets an existing one: the data filled in, the status only by a higher version. */
    static final String CREATED_CONFLICT = """
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

    static final String UPSERT_CREATED = """
            INSERT INTO orders (id, customerid, status, createdon, restaurantid, amount, last_version, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, now())
            """ + CREATED_CONFLICT;

    static final String UPSERT_STATUS = """
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

    static final String INSERT_ITEMS = """
            INSERT INTO orderitems (id, orderid, customerid, code, name, unitprice, quantity)
            VALUES %s
            ON CONFLICT (id) DO NOTHING""";

    /** {@link #INSERT_ITEMS} as a CTE: CockroachDB requires RETURNING of every CTE. */
    static final String INSERT_ITEMS_RETURNING = INSERT_ITEMS + "\nRETURNING id";

    static final String ITEM_ROW = "(?, ?, ?, ?, ?, ?, ?)";
    static final int MAX_INLINE_ITEMS = 1000;

    static final String INSERT_HISTORY = """
            INSERT INTO order_status_history (orderid, version, status, event_id, event_type, reason, reached_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (orderid, version) DO NOTHING""";

    /** The created event without its items (they go apart): one text for every order, so it batches. */
    static final String CREATED_CHANGE = "WITH created AS (" + UPSERT_CREATED + ")\n" + INSERT_HISTORY;

    /** With its items ({@code %s}: one {@link #ITEM_ROW} each); constants, so CockroachDialectTest reads them whole. */
    static final String CREATED_WITH_ITEMS = "WITH created AS (" + UPSERT_CREATED + "),\nitems AS ("
            + INSERT_ITEMS_RETURNING + ")\n" + INSERT_HISTORY;

    /** The status event: the order row and the history row. */
    static final String STATUS_CHANGE = "WITH status AS (" + UPSERT_STATUS + ")\n" + INSERT_HISTORY;

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
    static final String CLAIM_ORDERS = """
            INSERT INTO orders (id, status, last_version, updated_at)
            SELECT id, ?, 0, now() FROM unnest(?::text[]) AS claimed(id) ORDER BY id
            ON CONFLICT (id) DO UPDATE SET last_version = orders.last_version WHERE false""";

    // ---- one statement per round: the rows as arrays (unnest), one round trip for any number of orders ----
    // A round holds each order once, so no row is met twice by one statement. Money and times travel as
    // text arrays and are cast by the database: the same values as the single-row statements bind.

    static final String CREATED_ROUND = """
            WITH created AS (
            INSERT INTO orders (id, customerid, status, createdon, restaurantid, amount, last_version, updated_at)
            SELECT r.id, r.customerid, r.status, r.createdon, r.restaurantid, r.amount, r.last_version, now()
              FROM unnest(CAST(? AS TEXT[]), CAST(? AS TEXT[]), CAST(? AS TEXT[]), CAST(? AS TIMESTAMPTZ[]),
                          CAST(? AS TEXT[]), CAST(? AS DECIMAL[]), CAST(? AS BIGINT[]))
                AS r(id, customerid, status, createdon, restaurantid, amount, last_version)
            """ + CREATED_CONFLICT + ")\n" + """
            INSERT INTO order_status_history (orderid, version, status, event_id, event_type, reason, reached_at)
            SELECT * FROM unnest(CAST(? AS TEXT[]), CAST(? AS BIGINT[]), CAST(? AS TEXT[]), CAST(? AS TEXT[]),
                                 CAST(? AS TEXT[]), CAST(? AS TEXT[]), CAST(? AS TIMESTAMPTZ[]))
            ON CONFLICT (orderid, version) DO NOTHING""";

    /**
     * The status events of a round: as {@link #UPSERT_STATUS}, with "terminal" read from the status
     * itself (the three terminal labels), as a row of arrays has no per-row parameter for it.
     */
    static final String STATUS_ROUND = """
            WITH status AS (
            INSERT INTO orders (id, status, last_version, reason, updated_at)
            SELECT r.id, r.status, r.last_version, r.reason, now()
              FROM unnest(CAST(? AS TEXT[]), CAST(? AS TEXT[]), CAST(? AS BIGINT[]), CAST(? AS TEXT[]))
                AS r(id, status, last_version, reason)
            ON CONFLICT (id) DO UPDATE SET
                status = excluded.status,
                last_version = excluded.last_version,
                reason = excluded.reason,
                updated_at = now()
            WHERE orders.status NOT IN ('Approved', 'Rejected', 'Cancelled')
              AND (excluded.status IN ('Approved', 'Rejected', 'Cancelled') OR orders.last_version < excluded.last_version)
            RETURNING id)
            INSERT INTO order_status_history (orderid, version, status, event_id, event_type, reason, reached_at)
            SELECT * FROM unnest(CAST(? AS TEXT[]), CAST(? AS BIGINT[]), CAST(? AS TEXT[]), CAST(? AS TEXT[]),
                                 CAST(? AS TEXT[]), CAST(? AS TEXT[]), CAST(? AS TIMESTAMPTZ[]))
            ON CONFLICT (orderid, version) DO NOTHING""";

    static final String ITEMS_ROUND = """
            INSERT INTO orderitems (id, orderid, customerid, code, name, unitprice, quantity)
            SELECT * FROM unnest(CAST(? AS TEXT[]), CAST(? AS TEXT[]), CAST(? AS TEXT[]), CAST(? AS TEXT[]),
                                 CAST(? AS TEXT[]), CAST(? AS DECIMAL[]), CAST(? AS INT[]))
            ON CONFLICT (id) DO NOTHING""";

    /**
     * restaurant_hourly (db/orders V4) from the orders rows this transaction has just written: each
     * order counts once as placed (its created event applied: createdon and restaurant known) in the
     * UTC hour of its createdon, and once more, with its amount, when it is Approved (terminal, so it
     * never stops counting). Whether it counts already is on its row ({@code hourly_placed},
     * {@code hourly_approved}), flipped here in the same statement that adds it: a redelivered or
     * out-of-order event finds the flags set and adds nothing, and an approval that arrives before
     * its created event is counted when the created event comes. The transaction holds the rows'
     * locks (it wrote them), so {@code was} is what the update finds. Buckets are added to in key
     * order: two batches that share buckets lock them in one order.
     */
    static final String TALLY_HOURLY = """
            WITH counted AS (
            UPDATE orders SET hourly_placed = true, hourly_approved = (orders.status = 'Approved')
              FROM (SELECT id, hourly_placed AS was_placed, hourly_approved AS was_approved FROM orders
                     WHERE id = ANY(CAST(? AS TEXT[]))) AS was
             WHERE orders.id = was.id
               AND orders.createdon IS NOT NULL AND orders.restaurantid IS NOT NULL
               AND (NOT orders.hourly_placed OR (orders.status = 'Approved' AND NOT orders.hourly_approved))
            RETURNING orders.restaurantid, orders.createdon, orders.amount, orders.hourly_approved,
                      was.was_placed, was.was_approved)
            INSERT INTO restaurant_hourly (restaurantid, hour, placed, approved, revenue)
            SELECT restaurantid, date_trunc('hour', createdon AT TIME ZONE 'UTC') AT TIME ZONE 'UTC',
                   count(*) FILTER (WHERE NOT was_placed),
                   count(*) FILTER (WHERE hourly_approved AND NOT was_approved),
                   COALESCE(sum(amount) FILTER (WHERE hourly_approved AND NOT was_approved), 0)
              FROM counted GROUP BY 1, 2 ORDER BY 1, 2
            ON CONFLICT (restaurantid, hour) DO UPDATE SET
                placed = restaurant_hourly.placed + excluded.placed,
                approved = restaurant_hourly.approved + excluded.approved,
                revenue = restaurant_hourly.revenue + excluded.revenue""";

    private ReadModelStatements() {
    }

    /** {@link #CREATED_WITH_ITEMS} (for some tables) with {@code items} item rows inline. */
    static String withItemRows(String createdWithItems, int items) {
        return createdWithItems.formatted(String.join(", ", Collections.nCopies(items, ITEM_ROW)));
    }
}

package io.eventstream.bootstrapper;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The original's read model into ours (querymodel-worker's {@code JdbcReadModel} is its only
 * writer afterwards), so that an old event delivered again can neither add items nor move a
 * status backwards:
 *
 * <ul>
 *   <li>{@code createdon}: the original's DATE as midnight UTC (the exact time is in the created
 *       event's body; a created event projected again writes it).</li>
 *   <li>{@code status} kept; {@code last_version} = the version of the event that set that status
 *       in the original's lifecycle, as querymodel-worker numbers the original's headerless
 *       messages: Pending 1 (created), PaymentDebited 2, Approved 3. A created event (1) delivered
 *       again then changes no status (the worker writes a status only for a higher version); a
 *       debit (2) or approval (3) moves a Pending order forward, as it should; Approved is
 *       terminal and never overwritten.</li>
 *   <li>items get the worker's ids, {@code <orderid>:<line>}, numbered in the order the original
 *       inserted them (its query worker inserted them in the created body's order, in one
 *       transaction: PostgreSQL keeps that in {@code ctid}; on CockroachDB they share one commit
 *       timestamp and the id decides, which the default {@code unique_rowid()} keeps in insert
 *       order): a created event delivered again inserts the same ids, so nothing twice.</li>
 * </ul>
 * Rows already there (an order the worker projected before the copy) are kept.
 */
final class OrdersCopy implements OriginalCopy {

    static final String COPY_ORDERS = """
            INSERT INTO public.orders (id, customerid, status, createdon, restaurantid, amount, last_version)
            SELECT CAST(o.id AS TEXT), CAST(o.customerid AS TEXT), CAST(o.status AS TEXT),
                   CAST(o.createdon AS TIMESTAMP) AT TIME ZONE 'UTC', CAST(o.restaurantid AS TEXT),
                   CAST(o.amount AS DECIMAL(14, 2)),
                   CASE CAST(o.status AS TEXT) WHEN 'Approved' THEN 3 WHEN 'PaymentDebited' THEN 2 ELSE 1 END
              FROM original.orders o
            ON CONFLICT (id) DO NOTHING""";

    /** Line numbers in insert order; whole statements per engine, so CockroachDialectTest reads them. */
    static final String COPY_ITEMS_POSTGRESQL = """
            INSERT INTO public.orderitems (id, orderid, customerid, code, name, unitprice, quantity)
            SELECT CAST(i.orderid AS TEXT) || ':'
                       || CAST(ROW_NUMBER() OVER (PARTITION BY i.orderid ORDER BY age(i.xmin) DESC, i.ctid) AS TEXT),
                   CAST(i.orderid AS TEXT), CAST(i.customerid AS TEXT), CAST(i.code AS TEXT), CAST(i.name AS TEXT),
                   CAST(i.unitprice AS DECIMAL(14, 2)), CAST(i.quantity AS INT)
              FROM original.orderitems i
            ON CONFLICT (id) DO NOTHING""";

    static final String COPY_ITEMS_COCKROACHDB = """
            INSERT INTO public.orderitems (id, orderid, customerid, code, name, unitprice, quantity)
            SELECT CAST(i.orderid AS TEXT) || ':'
                       || CAST(ROW_NUMBER() OVER (PARTITION BY i.orderid ORDER BY i.crdb_internal_mvcc_timestamp, i.id) AS TEXT),
                   CAST(i.orderid AS TEXT), CAST(i.customerid AS TEXT), CAST(i.code AS TEXT), CAST(i.name AS TEXT),
                   CAST(i.unitprice AS DECIMAL(14, 2)), CAST(i.quantity AS INT)
              FROM original.orderitems i
            ON CONFLICT (id) DO NOTHING""";

    /** The original's orders not in ours yet. */
    static final String MISSING = """
            SELECT count(*) FROM original.orders o
             WHERE NOT EXISTS (SELECT 1 FROM public.orders p WHERE p.id = CAST(o.id AS TEXT))""";

    @Override
    public String copy(Connection admin, Engine engine, boolean movedNow) throws SQLException {
        try (Statement s = admin.createStatement()) {
            long missing;
            try (ResultSet rs = s.executeQuery(MISSING)) {
                rs.next();
                missing = rs.getLong(1);
            }
            if (missing == 0 && !movedNow) {
                return null; // copied by an earlier run
            }
            int orders = s.executeUpdate(COPY_ORDERS);
            int items = s.executeUpdate(engine == Engine.COCKROACHDB ? COPY_ITEMS_COCKROACHDB : COPY_ITEMS_POSTGRESQL);
            return orders + " orders, " + items + " items";
        }
    }
}

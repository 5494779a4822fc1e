package io.eventstream.querymodel.jdbc;

/**
 * The SQL of {@link ReadModelGenerations}, as constants (deploy-checks' {@code CockroachDialectTest}
 * reads them). {@code orders_next}, {@code orderitems_next}, {@code order_status_history_next} (and
 * the index names built on them) stand for a generation's names, filled in by
 * {@link ReadModelTables#named}; the columns are those of db/orders V1 and V4, which the live tables have.
 */
final class GenerationStatements {

    // A generation's tables have the live tables' columns, types, NOT NULLs and defaults, whatever
    // migrations made them (db/orders V1, V4, and any later one): LIKE copies them, so this DDL is
    // not a second copy of the schema. The primary keys are stated (the projection's conflict targets);
    // the secondary indexes come after the catch-up (INDEX_*). PostgreSQL: CREATE TABLE ... LIKE
    // source_table [like_option ...]; CockroachDB (since v20.2): like_table_option_list, INCLUDING
    // DEFAULTS among CONSTRAINTS, GENERATED, INDEXES, ALL.
    static final String CREATE_ORDERS =
            "CREATE TABLE IF NOT EXISTS orders_next (LIKE orders INCLUDING DEFAULTS, PRIMARY KEY (id))";
    static final String CREATE_ITEMS =
            "CREATE TABLE IF NOT EXISTS orderitems_next (LIKE orderitems INCLUDING DEFAULTS, PRIMARY KEY (id))";
    static final String CREATE_HISTORY = "CREATE TABLE IF NOT EXISTS order_status_history_next"
            + " (LIKE order_status_history INCLUDING DEFAULTS, PRIMARY KEY (orderid, version))";
    static final String CREATE_HOURLY = "CREATE TABLE IF NOT EXISTS restaurant_hourly_next"
            + " (LIKE restaurant_hourly INCLUDING DEFAULTS, PRIMARY KEY (restaurantid, hour))";

    /** The secondary indexes, made once the catch-up is done: a bulk build beats keeping them up row by row. */
    static final String INDEX_ORDERS =
            "CREATE INDEX IF NOT EXISTS orders_next_by_customer ON orders_next (customerid, createdon DESC, id)";
    static final String INDEX_ITEMS = "CREATE INDEX IF NOT EXISTS orderitems_next_by_order ON orderitems_next (orderid)";

    // ---- GenerationWriter: a page folded in memory, one statement per table (written for the live
    // names, rewritten for a generation's by ReadModelTables.rewrite) ----

    /** The rows of a page's orders as they are before the page. */
    static final String READ_ROWS = """
            SELECT id, customerid, status, createdon, restaurantid, amount, last_version, reason,
                   hourly_placed, hourly_approved
              FROM orders WHERE id = ANY(CAST(? AS TEXT[]))""";

    /** The rows as the page leaves them, each order once: every column is what the fold computed. */
    static final String WRITE_ROWS = """
            INSERT INTO orders (id, customerid, status, createdon, restaurantid, amount, last_version, reason,
                                updated_at, hourly_placed, hourly_approved)
            SELECT r.id, r.customerid, r.status, r.createdon, r.restaurantid, r.amount, r.last_version, r.reason,
                   now(), r.hourly_placed, r.hourly_approved
              FROM unnest(CAST(? AS TEXT[]), CAST(? AS TEXT[]), CAST(? AS TEXT[]), CAST(? AS TIMESTAMPTZ[]),
                          CAST(? AS TEXT[]), CAST(? AS DECIMAL[]), CAST(? AS BIGINT[]), CAST(? AS TEXT[]),
                          CAST(? AS BOOLEAN[]), CAST(? AS BOOLEAN[]))
                AS r(id, customerid, status, createdon, restaurantid, amount, last_version, reason,
                     hourly_placed, hourly_approved)
            ON CONFLICT (id) DO UPDATE SET
                customerid = excluded.customerid,
                status = excluded.status,
                createdon = excluded.createdon,
                restaurantid = excluded.restaurantid,
                amount = excluded.amount,
                last_version = excluded.last_version,
                reason = excluded.reason,
                updated_at = excluded.updated_at,
                hourly_placed = excluded.hourly_placed,
                hourly_approved = excluded.hourly_approved""";

    static final String WRITE_HISTORY = """
            INSERT INTO order_status_history (orderid, version, status, event_id, event_type, reason, reached_at)
            SELECT * FROM unnest(CAST(? AS TEXT[]), CAST(? AS BIGINT[]), CAST(? AS TEXT[]), CAST(? AS TEXT[]),
                                 CAST(? AS TEXT[]), CAST(? AS TEXT[]), CAST(? AS TIMESTAMPTZ[]))
            ON CONFLICT (orderid, version) DO NOTHING""";

    static final String WRITE_ITEMS = ReadModelStatements.ITEMS_ROUND;

    /**
     * What the page's orders add to their hours (restaurant, created_on, counted as placed, as
     * approved, amount): truncated to the UTC hour, the amount as orders stores it, summed, in key
     * order, as TALLY_HOURLY adds.
     */
    static final String ADD_HOURS = """
            INSERT INTO restaurant_hourly (restaurantid, hour, placed, approved, revenue)
            SELECT r.restaurantid, date_trunc('hour', r.createdon AT TIME ZONE 'UTC') AT TIME ZONE 'UTC',
                   count(*) FILTER (WHERE r.placed),
                   count(*) FILTER (WHERE r.approved),
                   COALESCE(sum(CAST(r.amount AS DECIMAL(14, 2))) FILTER (WHERE r.approved), 0)
              FROM unnest(CAST(? AS TEXT[]), CAST(? AS TIMESTAMPTZ[]), CAST(? AS BOOLEAN[]), CAST(? AS BOOLEAN[]),
                          CAST(? AS DECIMAL[]))
                AS r(restaurantid, createdon, placed, approved, amount)
             GROUP BY 1, 2 ORDER BY 1, 2
            ON CONFLICT (restaurantid, hour) DO UPDATE SET
                placed = restaurant_hourly.placed + excluded.placed,
                approved = restaurant_hourly.approved + excluded.approved,
                revenue = restaurant_hourly.revenue + excluded.revenue""";

    static final String RENAME = "ALTER TABLE %s RENAME TO %s";
    static final String DROP = "DROP TABLE IF EXISTS %s";

    static final String CURRENT = "SELECT generation, position FROM read_model_generation WHERE id = 1";
    static final String SWITCHED = """
            UPDATE read_model_generation SET generation = ?, position = ?, switched_at = now() WHERE id = 1""";
    static final String DRAINED = "UPDATE read_model_generation SET position = ? WHERE id = 1";

    /** Every table of the schema the connection works in (both engines have information_schema). */
    static final String TABLES = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()";

    private GenerationStatements() {
    }
}

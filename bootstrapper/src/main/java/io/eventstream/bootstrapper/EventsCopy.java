package io.eventstream.bootstrapper;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The original's events into our log. Its table has no version, no position and no time, so:
 *
 * <ul>
 *   <li><b>Stored order</b>, the best each engine keeps: on PostgreSQL the inserting transaction
 *       ({@code xmin}, oldest first by {@code age(xmin)}: counted back from the current transaction, so
 *       the 32-bit counter wrapping around does not reorder rows younger than 2^31 transactions), then the
 *       row's place in the heap ({@code ctid}: the table is append-only, the original never updated
 *       or deleted an event); on CockroachDB the row's commit timestamp, the hidden column
 *       {@code crdb_internal_mvcc_timestamp} ("CockroachDB records the timestamp of each row created
 *       in a table in the crdb_internal_mvcc_timestamp metadata column", with the caution that it
 *       may change between releases: https://www.cockroachlabs.com/docs/stable/bulk-delete-data;
 *       introduced by https://github.com/cockroachdb/cockroach/pull/51494), then the id.</li>
 *   <li><b>Versions</b> per order by the original's lifecycle, created &lt; paymentdebited &lt;
 *       approved (other types after them), then stored order: so they ascend as the order's story
 *       does, and match the versions querymodel-worker gives the original's headerless messages
 *       (created 1, paymentdebited 2, approved 3).</li>
 *   <li><b>Positions</b> gapless after the log's last one, in stored order, except that each
 *       order's events take that order's own slots in version order: the k-th version of an
 *       order gets the order's k-th slot. So positions ascend with versions within every order,
 *       and every event keeps a slot of its own order's.</li>
 *   <li><b>Published</b> already (the original published them): no outbox rows; the log's
 *       counter moves past them, so the relay numbers new events after them.</li>
 *   <li><b>Payload</b> the stored JSON's text ({@code eventdata} is JSONB: the bytes the original
 *       received are not kept anywhere); the approved event's NULL stays NULL, which the event
 *       store reads as empty {@code event_data}, as the original sent it.</li>
 * </ul>
 */
final class EventsCopy implements OriginalCopy {

    private static final String STORED_ORDER_POSTGRESQL = "age(o.xmin) DESC, o.ctid";
    private static final String STORED_ORDER_COCKROACHDB = "o.crdb_internal_mvcc_timestamp, o.id";
    private static final String LIFECYCLE = "CASE WHEN o.eventtype LIKE '%.created' THEN 1"
            + " WHEN o.eventtype LIKE '%.paymentdebited' THEN 2 WHEN o.eventtype LIKE '%.approved' THEN 3 ELSE 4 END";

    private static final String INSERT = """
            INSERT INTO public.events (id, eventtype, aggregateid, aggregatetype, eventdata, stream, version, position, payload)
            SELECT CAST(v.id AS TEXT), CAST(v.eventtype AS TEXT), CAST(v.aggregateid AS TEXT),
                   CAST(v.aggregatetype AS TEXT), CAST(v.eventdata AS JSONB), CAST(v.stream AS TEXT),
                   v.version, s.slot + ?, CAST(v.eventdata AS TEXT)
              FROM numbered v
              JOIN numbered s ON s.aggregateid = v.aggregateid AND s.nth = v.version""";

    /** The copy, one statement per engine (whole constants, so CockroachDialectTest reads them). */
    static final String COPY_POSTGRESQL = "WITH numbered AS (\n"
            + "    SELECT o.id, o.eventtype, o.aggregateid, o.aggregatetype, o.eventdata, o.stream,\n"
            + "           ROW_NUMBER() OVER (ORDER BY " + STORED_ORDER_POSTGRESQL + ") AS slot,\n"
            + "           ROW_NUMBER() OVER (PARTITION BY o.aggregateid ORDER BY " + STORED_ORDER_POSTGRESQL + ") AS nth,\n"
            + "           ROW_NUMBER() OVER (PARTITION BY o.aggregateid ORDER BY " + LIFECYCLE + ", "
            + STORED_ORDER_POSTGRESQL + ") AS version\n"
            + "      FROM original.events o)\n" + INSERT;

    static final String COPY_COCKROACHDB = "WITH numbered AS (\n"
            + "    SELECT o.id, o.eventtype, o.aggregateid, o.aggregatetype, o.eventdata, o.stream,\n"
            + "           ROW_NUMBER() OVER (ORDER BY " + STORED_ORDER_COCKROACHDB + ") AS slot,\n"
            + "           ROW_NUMBER() OVER (PARTITION BY o.aggregateid ORDER BY " + STORED_ORDER_COCKROACHDB + ") AS nth,\n"
            + "           ROW_NUMBER() OVER (PARTITION BY o.aggregateid ORDER BY " + LIFECYCLE + ", "
            + STORED_ORDER_COCKROACHDB + ") AS version\n"
            + "      FROM original.events o)\n" + INSERT;

    /** The original's events, those not in our log yet, and all of ours. */
    static final String PROGRESS = """
            SELECT (SELECT count(*) FROM original.events),
                   (SELECT count(*) FROM original.events o
                     WHERE NOT EXISTS (SELECT 1 FROM public.events e WHERE e.id = CAST(o.id AS TEXT))),
                   (SELECT count(*) FROM public.events)""";

    /** Locks the counter: no relay numbers anything while the copy takes its positions. */
    static final String LAST_POSITION = "SELECT last_position FROM public.log_position WHERE id = 1 FOR UPDATE";
    static final String MOVE_LAST_POSITION = "UPDATE public.log_position SET last_position = ? WHERE id = 1";

    @Override
    public String copy(Connection admin, Engine engine, boolean movedNow) throws SQLException {
        long total;
        long missing;
        long ours;
        try (Statement s = admin.createStatement(); ResultSet rs = s.executeQuery(PROGRESS)) {
            rs.next();
            total = rs.getLong(1);
            missing = rs.getLong(2);
            ours = rs.getLong(3);
        }
        if (missing == 0 && !movedNow) {
            return null; // copied by an earlier run
        }
        if (missing != total || ours > 0) {
            // Positions and versions go before everything already in the log; with events of
            // its own in it (the services ran before the adoption finished) they cannot.
            throw new BootstrapException("cannot adopt the original's events: the log already holds " + ours
                    + " events (" + (total - missing) + " of them the original's); the services must not run"
                    + " before the bootstrapper has finished. Nothing was copied");
        }
        long base;
        try (Statement s = admin.createStatement(); ResultSet rs = s.executeQuery(LAST_POSITION)) {
            base = rs.next() ? rs.getLong(1) : 0;
        }
        int copied;
        try (PreparedStatement s = admin.prepareStatement(engine == Engine.COCKROACHDB ? COPY_COCKROACHDB : COPY_POSTGRESQL)) {
            s.setLong(1, base);
            copied = s.executeUpdate();
        }
        try (PreparedStatement s = admin.prepareStatement(MOVE_LAST_POSITION)) {
            s.setLong(1, base + copied);
            s.executeUpdate();
        }
        return copied + " events" + (copied == 0 ? "" : ", positions " + (base + 1) + ".." + (base + copied));
    }
}

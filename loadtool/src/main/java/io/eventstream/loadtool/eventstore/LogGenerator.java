package io.eventstream.loadtool.eventstore;

import io.eventstream.common.eventstore.OrderEvents;
import io.eventstream.common.events.Approved;
import io.eventstream.common.events.OrderCreated;
import io.eventstream.common.events.OrderEventKind;
import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.events.PaymentDebited;
import io.eventstream.loadtool.Options;
import io.eventstream.proto.eventstore.Event;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.postgresql.PGConnection;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code --mode generate-log --events N}: a log of N events for rebuild benchmarks, written straight
 * into the event store's tables with COPY (a million events in well under a minute, where appends
 * would take an hour). Each order is what the running services store: created (order-service),
 * paymentdebited (payment-worker), approved (review-worker), built by common's {@link OrderEvents}
 * (ids of their effects, bodies by {@code EventBodies}, correlation and causation ids), with
 * versions 1-3, gapless positions after the log's end, and no outbox rows (history, as if published long
 * ago: the relay sends nothing of it to JetStream). Safe with the suite up: each chunk holds the
 * {@code log_position} row lock the relay's numbering takes (scripts/bench-big-log.sh does so).
 *
 * <p>{@link #unpublished}: the same orders as committed appends the relay has not reached yet (no
 * positions, an outbox row each), in one transaction, for {@code --mode relay-drain}.
 */
public final class LogGenerator {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int ORDERS_PER_COPY = 20_000;

    private final Options options;
    private final int ordersPerCopy;

    public LogGenerator(Options options) {
        this(options, ORDERS_PER_COPY);
    }

    LogGenerator(Options options, int ordersPerCopy) {
        this.options = options;
        this.ordersPerCopy = ordersPerCopy;
    }

    public int run() throws SQLException, IOException {
        long events = Long.parseLong(options.get("events"));
        long orders = (events + 2) / 3;
        OrderEventTypes types = new OrderEventTypes(options.get("stream"));
        String url = options.get("pg") + options.get("eventstore-db");
        long started = System.nanoTime();
        try (Connection c = DriverManager.getConnection(url, options.get("pg-user"), options.get("pg-password"))) {
            c.setAutoCommit(false);
            Instant at = Instant.now().minus(orders, ChronoUnit.SECONDS).truncatedTo(ChronoUnit.MICROS);
            var copy = ((PGConnection) c).getCopyAPI();
            StringBuilder rows = new StringBuilder();
            long position = 0;
            for (long first = 0; first < orders; first += ordersPerCopy) {
                // Each chunk takes the log's end under the row lock the relay's numbering takes, and
                // moves it in the same transaction: a running store (idle or not) numbers its own
                // events before or after the chunk, never into it, and the log stays gapless.
                position = lockLogEnd(c);
                long end = Math.min(orders, first + ordersPerCopy);
                for (long i = first; i < end; i++) {
                    position = order(rows, types, i, at.plusMillis(i), position);
                }
                copy.copyIn("COPY events (id, eventtype, aggregateid, aggregatetype, eventdata, stream, version,"
                        + " position, created_at, payload, metadata) FROM STDIN WITH (FORMAT csv)", reader(rows));
                rows.setLength(0);
                try (var s = c.prepareStatement("UPDATE log_position SET last_position = ? WHERE id = 1")) {
                    s.setLong(1, position);
                    s.executeUpdate();
                }
                c.commit();
                System.out.printf(Locale.ROOT, "\r%,d of %,d orders", end, orders);
            }
            System.out.printf(Locale.ROOT, "%n%,d events (%,d orders) written in %.1f s; the log ends at position %,d%n",
                    orders * 3, orders, (System.nanoTime() - started) / 1e9, position);
        }
        return 0;
    }

    /**
     * Writes the orders as appended but not yet positioned or published: events without a position,
     * each with its outbox row (enqueued in version order), all in one transaction, so a running
     * relay sees the whole backlog at once, at the commit. Adds each event id to {@code ids}.
     */
    public void unpublished(Connection c, java.util.Set<String> ids) throws SQLException, IOException {
        long orders = (Long.parseLong(options.get("events")) + 2) / 3;
        OrderEventTypes types = new OrderEventTypes(options.get("stream"));
        long started = System.nanoTime();
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            Instant at = Instant.now().minus(orders, ChronoUnit.SECONDS).truncatedTo(ChronoUnit.MICROS);
            var copy = ((PGConnection) c).getCopyAPI();
            StringBuilder rows = new StringBuilder();
            StringBuilder outboxRows = new StringBuilder();
            for (long first = 0; first < orders; first += ordersPerCopy) {
                long end = Math.min(orders, first + ordersPerCopy);
                for (long i = first; i < end; i++) {
                    order(rows, types, i, at.plusMillis(i), -1, outboxRows, ids);
                }
                copy.copyIn("COPY events (id, eventtype, aggregateid, aggregatetype, eventdata, stream, version,"
                        + " position, created_at, payload, metadata) FROM STDIN WITH (FORMAT csv)", reader(rows));
                copy.copyIn("COPY outbox (event_id, aggregateid, version, enqueued_at) FROM STDIN WITH (FORMAT csv)", reader(outboxRows));
                rows.setLength(0);
                outboxRows.setLength(0);
                System.out.printf(Locale.ROOT, "\r%,d of %,d orders", end, orders);
            }
            c.commit();
            System.out.printf(Locale.ROOT, "%n%,d events (%,d orders) written with their outbox rows in %.1f s%n",
                    orders * 3, orders, (System.nanoTime() - started) / 1e9);
        } catch (SQLException | IOException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /** Order {@code i}: created, paymentdebited, approved at the positions after {@code position}; the last one. */
    private static long order(StringBuilder rows, OrderEventTypes types, long i, Instant placed, long position) {
        return order(rows, types, i, placed, position, null, null);
    }

    /**
     * @param position   -1: unpositioned (NULL), each event with an outbox row in {@code outboxRows} and
     *                   its id added to {@code ids}
     */
    private static long order(StringBuilder rows, OrderEventTypes types, long i, Instant placed, long position,
                              StringBuilder outboxRows, java.util.Set<String> ids) {
        String orderId = UUID.randomUUID().toString();
        String customer = "gen-c" + (i % 1000);
        String restaurant = "gen-r" + (i % 50);
        BigDecimal price = BigDecimal.valueOf(500 + i % 4000, 2);
        BigDecimal amount = price.add(price);
        Event created = OrderEvents.of(types, OrderEventKind.CREATED, orderId, new OrderCreated(orderId, customer,
                "Pending", placed, restaurant, amount,
                List.of(new OrderCreated.Item("p" + i % 20, "Pizza", price, 2))), null);
        Event debited = OrderEvents.of(types, OrderEventKind.PAYMENT_DEBITED, orderId,
                new PaymentDebited(orderId, customer, amount, restaurant), created.getEventId());
        Event approved = OrderEvents.of(types, OrderEventKind.APPROVED, orderId, new Approved(), debited.getEventId());
        boolean unpositioned = position < 0;
        row(rows, created, 1, unpositioned ? 0 : position + 1, placed);
        row(rows, debited, 2, unpositioned ? 0 : position + 2, placed.plusNanos(20_000));
        row(rows, approved, 3, unpositioned ? 0 : position + 3, placed.plusNanos(40_000));
        if (unpositioned) {
            for (Event e : List.of(created, debited, approved)) {
                ids.add(e.getEventId());
            }
            outboxRow(outboxRows, created, 1, placed);
            outboxRow(outboxRows, debited, 2, placed.plusNanos(20_000));
            outboxRow(outboxRows, approved, 3, placed.plusNanos(40_000));
            return position;
        }
        return position + 3;
    }

    private static long lockLogEnd(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT last_position FROM log_position WHERE id = 1 FOR UPDATE")) {
            if (!rs.next()) {
                throw new IllegalStateException("no log_position row: is this an event store database (bootstrapper)?");
            }
            return rs.getLong(1);
        }
    }

    /** As the event store's append writes it: with the event's aggregate and version (schema V7). */
    private static void outboxRow(StringBuilder rows, Event e, long version, Instant enqueuedAt) {
        rows.append(csv(e.getEventId())).append(',').append(csv(e.getAggregateId())).append(',').append(version)
                .append(',').append(csv(enqueuedAt.toString())).append('\n');
    }

    /** @param position 0: none (NULL, not yet positioned) */
    private static void row(StringBuilder rows, Event e, long version, long position, Instant createdAt) {
        String payload = e.getEventData().isEmpty() ? null : e.getEventData();
        rows.append(csv(e.getEventId())).append(',').append(csv(e.getEventType())).append(',')
                .append(csv(e.getAggregateId())).append(',').append(csv(e.getAggregateType())).append(',')
                .append(csv(payload)).append(',').append(csv(e.getStream())).append(',')
                .append(version).append(',').append(position == 0 ? "" : Long.toString(position)).append(',').append(csv(createdAt.toString())).append(',')
                .append(csv(payload)).append(',').append(csv(JSON.writeValueAsString(Map.copyOf(e.getMetadataMap()))))
                .append('\n');
    }

    /** A CSV field; null is the empty unquoted field (COPY's NULL in CSV format). */
    private static String csv(String value) {
        return value == null ? "" : '"' + value.replace("\"", "\"\"") + '"';
    }

    private static Reader reader(StringBuilder rows) {
        return new StringReader(rows.toString());
    }
}

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
 * versions 1-3, gapless positions after the log's end, and no outbox rows (already published: nothing is
 * sent to JetStream). Run it with the event store stopped (its relay numbers positions too).
 */
public final class LogGenerator {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int ORDERS_PER_COPY = 20_000;

    private final Options options;

    public LogGenerator(Options options) {
        this.options = options;
    }

    public int run() throws SQLException, IOException {
        long events = Long.parseLong(options.get("events"));
        long orders = (events + 2) / 3;
        OrderEventTypes types = new OrderEventTypes(options.get("stream"));
        String url = options.get("pg") + options.get("eventstore-db");
        long started = System.nanoTime();
        try (Connection c = DriverManager.getConnection(url, options.get("pg-user"), options.get("pg-password"))) {
            long position = logEnd(c);
            Instant at = Instant.now().minus(orders, ChronoUnit.SECONDS).truncatedTo(ChronoUnit.MICROS);
            var copy = ((PGConnection) c).getCopyAPI();
            StringBuilder rows = new StringBuilder();
            for (long i = 0; i < orders; i++) {
                String orderId = UUID.randomUUID().toString();
                String customer = "gen-c" + (i % 1000);
                String restaurant = "gen-r" + (i % 50);
                BigDecimal price = BigDecimal.valueOf(500 + i % 4000, 2);
                BigDecimal amount = price.add(price);
                Instant placed = at.plusMillis(i);
                Event created = OrderEvents.of(types, OrderEventKind.CREATED, orderId, new OrderCreated(orderId, customer,
                        "Pending", placed, restaurant, amount,
                        List.of(new OrderCreated.Item("p" + i % 20, "Pizza", price, 2))), null);
                Event debited = OrderEvents.of(types, OrderEventKind.PAYMENT_DEBITED, orderId,
                        new PaymentDebited(orderId, customer, amount, restaurant), created.getEventId());
                Event approved = OrderEvents.of(types, OrderEventKind.APPROVED, orderId, new Approved(), debited.getEventId());
                row(rows, created, 1, ++position, placed);
                row(rows, debited, 2, ++position, placed.plusNanos(20_000));
                row(rows, approved, 3, ++position, placed.plusNanos(40_000));
                if ((i + 1) % ORDERS_PER_COPY == 0 || i + 1 == orders) {
                    copy.copyIn("COPY events (id, eventtype, aggregateid, aggregatetype, eventdata, stream, version,"
                            + " position, created_at, payload, metadata) FROM STDIN WITH (FORMAT csv)", reader(rows));
                    rows.setLength(0);
                    System.out.printf(Locale.ROOT, "\r%,d of %,d orders", i + 1, orders);
                }
            }
            try (var s = c.prepareStatement("UPDATE log_position SET last_position = ? WHERE id = 1")) {
                s.setLong(1, position);
                s.executeUpdate();
            }
            System.out.printf(Locale.ROOT, "%n%,d events (%,d orders) written in %.1f s; the log ends at position %,d%n",
                    orders * 3, orders, (System.nanoTime() - started) / 1e9, position);
        }
        return 0;
    }

    private static long logEnd(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT last_position FROM log_position WHERE id = 1")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static void row(StringBuilder rows, Event e, long version, long position, Instant createdAt) {
        String payload = e.getEventData().isEmpty() ? null : e.getEventData();
        rows.append(csv(e.getEventId())).append(',').append(csv(e.getEventType())).append(',')
                .append(csv(e.getAggregateId())).append(',').append(csv(e.getAggregateType())).append(',')
                .append(csv(payload)).append(',').append(csv(e.getStream())).append(',')
                .append(version).append(',').append(position).append(',').append(csv(createdAt.toString())).append(',')
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

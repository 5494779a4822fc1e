package io.eventstream.querymodel.jdbc;

import io.eventstream.querymodel.projection.OrderChange;
import io.eventstream.querymodel.projection.OrderDetails;
import io.eventstream.querymodel.projection.OrderLine;
import io.eventstream.querymodel.projection.OrderStatus;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.sql.DataSource;

/**
 * Random order streams as the log holds them (orders interleaved, some events repeated or out of
 * order, every lifecycle the projection knows) and a dump of a set of read model tables, every
 * column but {@code updated_at}, to compare two sets row for row.
 */
final class OrderStreams {

    private static final OffsetDateTime T0 = OffsetDateTime.of(2024, 5, 1, 9, 59, 58, 999_999_000, ZoneOffset.ofHours(2));

    private OrderStreams() {
    }

    static List<OrderChange> stream(Random random, int orders) {
        return stream(random, orders, "o");
    }

    static List<OrderChange> stream(Random random, int orders, String prefix) {
        List<List<OrderChange>> lives = new ArrayList<>();
        for (int o = 0; o < orders; o++) {
            lives.add(lifecycle(prefix + o, random));
        }
        // interleaved as a log interleaves orders; some events repeated, some (a tenth) out of order
        List<OrderChange> stream = new ArrayList<>();
        while (!lives.isEmpty()) {
            List<OrderChange> life = lives.get(random.nextInt(Math.min(lives.size(), 20)));
            OrderChange next = life.remove(random.nextInt(10) == 0 && life.size() > 1 ? 1 : 0);
            stream.add(next);
            if (random.nextInt(12) == 0) {
                stream.add(next);
            }
            if (life.isEmpty()) {
                lives.remove(life);
            }
        }
        return stream;
    }

    private static List<OrderChange> lifecycle(String id, Random random) {
        OrderChange created = created(id, 1, random.nextInt(4), random);
        List<OrderChange> life = new ArrayList<>(switch (random.nextInt(6)) {
            case 0 -> List.of(created, status(id, 2, OrderStatus.PAYMENT_DEBITED, null), status(id, 3, OrderStatus.APPROVED, null));
            case 1 -> List.of(created, status(id, 2, OrderStatus.PAYMENT_FAILED, "no money"),
                    status(id, 3, OrderStatus.REJECTED, "no money"));
            case 2 -> List.of(created, status(id, 2, OrderStatus.CANCEL_REQUESTED, "changed my mind"),
                    status(id, 3, OrderStatus.CANCELLED, "changed my mind"), status(id, 4, OrderStatus.PAYMENT_DEBITED, null),
                    status(id, 5, OrderStatus.REFUND_REQUESTED, "late"), status(id, 6, OrderStatus.REFUNDED, null));
            case 3 -> List.of(status(id, 3, OrderStatus.APPROVED, null), created, status(id, 2, OrderStatus.PAYMENT_DEBITED, null));
            // The same created event twice (a log migrated from the original may repeat one). Two created
            // events with different data do not occur (one version 1 per order); the live worker would
            // count such an order in the hour of whichever it applied first, so transaction boundaries would matter.
            case 4 -> List.of(created, created, status(id, 2, OrderStatus.PAYMENT_DEBITED, null));
            default -> List.of(created);
        });
        return life;
    }

    private static OrderChange created(String id, long version, int items, Random random) {
        List<OrderLine> lines = new ArrayList<>();
        for (int i = 1; i <= items; i++) {
            lines.add(new OrderLine("p" + i, "Pizza " + i, new BigDecimal(i + ".5"), i));
        }
        OffsetDateTime on = T0.plusSeconds(random.nextInt(4)).plusHours(random.nextInt(3));
        BigDecimal amount = new BigDecimal(random.nextInt(5000)).movePointLeft(2 + random.nextInt(2));
        return new OrderChange(id, version, id + "/" + version + "/" + random.nextInt(2), "ORDERS.created",
                OrderStatus.PENDING, null, T0.plusSeconds(version),
                new OrderDetails("c-" + id, "r" + random.nextInt(3), amount, on, lines));
    }

    private static OrderChange status(String id, long version, OrderStatus status, String reason) {
        return new OrderChange(id, version, id + "/" + version, "ORDERS." + status.eventName(), status, reason,
                T0.plusSeconds(version), null);
    }

    static List<String> dump(DataSource data, ReadModelTables tables) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = data.getConnection(); Statement s = c.createStatement()) {
            collect(s, "SELECT 'order', id, customerid, status, createdon, restaurantid, amount, last_version, reason,"
                    + " hourly_placed, hourly_approved FROM " + tables.orders() + " ORDER BY id", rows);
            collect(s, "SELECT 'item', * FROM " + tables.items() + " ORDER BY id", rows);
            collect(s, "SELECT 'history', * FROM " + tables.history() + " ORDER BY orderid, version", rows);
            collect(s, "SELECT 'hour', * FROM " + tables.hourly() + " ORDER BY restaurantid, hour", rows);
        }
        return rows;
    }

    private static void collect(Statement s, String sql, List<String> rows) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i == 1 ? "" : " ").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
        }
    }
}

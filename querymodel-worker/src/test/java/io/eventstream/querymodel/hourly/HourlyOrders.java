package io.eventstream.querymodel.hourly;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Orders of three restaurants over five hours, each Approved, Rejected, Cancelled or left Pending,
 * as the events of the log, and the restaurant_hourly rows they imply, computed here apart from the
 * SQL: an order counts as placed in the UTC hour of its created_on, and with its amount once Approved.
 */
public final class HourlyOrders {

    /** One event: its type's suffix, order, version and body. */
    public record Step(String name, String orderId, long version, String body) {
    }

    public static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    private final String prefix;
    private final List<List<Step>> orders = new ArrayList<>();
    private final Map<String, long[]> counts = new TreeMap<>();
    private final Map<String, BigDecimal> revenue = new TreeMap<>();

    private HourlyOrders(String prefix) {
        this.prefix = prefix;
    }

    public static HourlyOrders generate(String prefix, int count, Random random) {
        HourlyOrders generated = new HourlyOrders(prefix);
        for (int i = 0; i < count; i++) {
            generated.add(i, random);
        }
        return generated;
    }

    private void add(int i, Random random) {
        String orderId = prefix + "o" + i;
        String restaurant = prefix + "r" + (i % 3);
        // Some on an hour's last second, some on its first; written with a +02:00 offset, bucketed in UTC.
        Instant createdOn = T0.plus(i % 5, ChronoUnit.HOURS).plusSeconds(switch (i % 3) {
            case 0 -> 0;
            case 1 -> 3599;
            default -> random.nextInt(3600);
        });
        BigDecimal amount = new BigDecimal(10 + i).add(new BigDecimal("0.25"));
        List<Step> steps = new ArrayList<>();
        steps.add(new Step("created", orderId, 1, """
                {"order_id":"%s","customer_id":"c-%s","restaurant_id":"%s","amount":%s,"status":"Pending",\
                "created_on":"%s","order_items":[{"code":"p1","name":"Pizza","unit_price":%s,"quantity":1}]}"""
                .formatted(orderId, orderId, restaurant, amount.toPlainString(),
                        createdOn.atOffset(ZoneOffset.ofHours(2)), amount.toPlainString())));
        String hour = restaurant + " " + createdOn.truncatedTo(ChronoUnit.HOURS);
        counts.computeIfAbsent(hour, k -> new long[2])[0]++;
        revenue.putIfAbsent(hour, BigDecimal.ZERO);
        switch (i % 4) {
            case 0 -> {
                steps.add(new Step("paymentdebited", orderId, 2, payment(orderId, amount)));
                steps.add(new Step("approved", orderId, 3, ""));
                counts.get(hour)[1]++;
                revenue.merge(hour, amount, BigDecimal::add);
            }
            case 1 -> {
                steps.add(new Step("paymentfailed", orderId, 2, reason(orderId, "no money")));
                steps.add(new Step("rejected", orderId, 3, reason(orderId, "no money")));
            }
            case 2 -> {
                steps.add(new Step("paymentdebited", orderId, 2, payment(orderId, amount)));
                steps.add(new Step("cancelrequested", orderId, 3, reason(orderId, "changed my mind")));
                steps.add(new Step("refundrequested", orderId, 4, reason(orderId, "changed my mind")));
                steps.add(new Step("paymentrefunded", orderId, 5, payment(orderId, amount)));
                steps.add(new Step("cancelled", orderId, 6, reason(orderId, "changed my mind")));
            }
            default -> {
                // Pending: placed, nothing else yet.
            }
        }
        orders.add(steps);
    }

    /** As a log holds them: each order's events in version order, the orders interleaved at random. */
    public List<Step> log(Random random) {
        List<List<Step>> left = new ArrayList<>();
        orders.forEach(steps -> left.add(new ArrayList<>(steps)));
        List<Step> log = new ArrayList<>();
        while (!left.isEmpty()) {
            int k = random.nextInt(left.size());
            log.add(left.get(k).remove(0));
            if (left.get(k).isEmpty()) {
                left.remove(k);
            }
        }
        return log;
    }

    /** As a redelivering, reordering transport hands them over: every event once or twice, in any order. */
    public List<Step> deliveries(Random random) {
        List<Step> all = new ArrayList<>();
        orders.forEach(steps -> steps.forEach(step -> {
            all.add(step);
            if (random.nextBoolean()) {
                all.add(step);
            }
        }));
        java.util.Collections.shuffle(all, random);
        return all;
    }

    /** The rows restaurant_hourly must hold for these orders, as {@link #rows} prints them. */
    public List<String> expectedRows() {
        List<String> rows = new ArrayList<>();
        counts.forEach((hour, n) -> rows.add(hour + " placed=" + n[0] + " approved=" + n[1] + " revenue="
                + revenue.get(hour).setScale(2).toPlainString()));
        rows.sort(null);
        return rows;
    }

    /** restaurant_hourly's rows of these orders' restaurants (in {@code table}), sorted. */
    public List<String> rows(DataSource dataSource, String table) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT restaurantid, hour, placed, approved, revenue FROM "
                     + table + " WHERE restaurantid LIKE ? ORDER BY restaurantid, hour")) {
            s.setString(1, prefix + "%");
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1) + " " + rs.getObject(2, java.time.OffsetDateTime.class).toInstant()
                            + " placed=" + rs.getLong(3) + " approved=" + rs.getLong(4) + " revenue="
                            + rs.getBigDecimal(5).toPlainString());
                }
            }
        }
        rows.sort(null);
        return rows;
    }

    private static String payment(String orderId, BigDecimal amount) {
        return "{\"OrderID\":\"" + orderId + "\",\"CustomerID\":\"c1\",\"Amount\":" + amount.toPlainString() + "}";
    }

    private static String reason(String orderId, String reason) {
        return "{\"OrderID\":\"" + orderId + "\",\"Reason\":\"" + reason + "\"}";
    }
}

package io.eventstream.orders.hourly;

import io.eventstream.common.sql.SqlRetry;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads {@code restaurant_hourly} (ordersdb, db/orders V4), which querymodel-worker keeps with the
 * orders and a rebuild back-fills from the log: a range of one restaurant's hours is a range scan of
 * its primary key (restaurantid, hour), one statement, so one snapshot.
 */
@Repository
public class RestaurantHourlyReadModel {

    static final String HOURS = """
            SELECT hour, placed, approved, revenue FROM restaurant_hourly
            WHERE restaurantid = ? AND hour >= ? AND hour < ? ORDER BY hour""";

    private final JdbcClient jdbc;

    public RestaurantHourlyReadModel(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Hours from {@code from} (rounded down to its hour) to {@code to}, every one of them. */
    public RestaurantHours hours(String restaurantId, Instant from, Instant to) {
        // CockroachDB may answer a read with 40001: common's one policy runs it again.
        List<RestaurantHour> stored = SqlRetry.call(attempt -> jdbc.sql(HOURS)
                .param(restaurantId)
                .param(RestaurantHours.firstHour(from).atOffset(ZoneOffset.UTC))
                .param(to.atOffset(ZoneOffset.UTC))
                .query((rs, n) -> new RestaurantHour(rs.getObject("hour", OffsetDateTime.class).toInstant(),
                        rs.getLong("placed"), rs.getLong("approved"), rs.getBigDecimal("revenue")))
                .list());
        return RestaurantHours.of(restaurantId, from, to, stored);
    }
}

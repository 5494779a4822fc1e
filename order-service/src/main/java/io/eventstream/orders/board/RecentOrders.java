package io.eventstream.orders.board;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The board's reads of the read model: the newest orders and how many orders are in each status. */
@Repository
public class RecentOrders {

    private final JdbcClient jdbc;

    public RecentOrders(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Newest first; rows without a customer are not orders yet (their created event has not arrived). */
    public List<RecentOrder> newest(int limit) {
        return jdbc.sql("""
                        SELECT id, customerid, status, createdon, restaurantid, amount, reason
                        FROM orders WHERE customerid IS NOT NULL
                        ORDER BY createdon DESC, id DESC LIMIT ?""")
                .param(limit)
                .query((rs, n) -> {
                    OffsetDateTime created = rs.getObject("createdon", OffsetDateTime.class);
                    return new RecentOrder(rs.getString("id"), rs.getString("customerid"), rs.getString("status"),
                            created == null ? null : created.toInstant(), rs.getString("restaurantid"),
                            rs.getBigDecimal("amount"), rs.getString("reason"));
                })
                .list();
    }

    public Map<String, Long> countsByStatus() {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.sql("SELECT status, count(*) AS n FROM orders WHERE customerid IS NOT NULL GROUP BY status ORDER BY status")
                .query((rs, n) -> counts.put(rs.getString("status"), rs.getLong("n")))
                .list();
        return counts;
    }
}

package io.eventstream.loadtool.orders;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Checks every accepted order against the event store's table and the read model's, in a few queries. */
final class Verifier {

    private static final int CHUNK = 5000;
    private static final Map<String, String> STATUS_OF = Map.of(
            "created", "Pending", "paymentdebited", "PaymentDebited", "approved", "Approved",
            "rejected", "Rejected", "cancelled", "Cancelled");

    record StoredEvent(String type, long version) {
    }

    record ReadRow(String status, long lastVersion, BigDecimal amount, int items) {
    }

    private final String baseUrl;
    private final String user;
    private final String password;
    private final String eventstoreDb;
    private final String ordersDb;

    Verifier(String baseUrl, String user, String password, String eventstoreDb, String ordersDb) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
        this.user = user;
        this.password = password;
        this.eventstoreDb = eventstoreDb;
        this.ordersDb = ordersDb;
    }

    Verification verify(List<OrderTrack> orders, long streamDuplicates) throws SQLException {
        List<String> ids = orders.stream().map(t -> t.orderId).toList();
        Map<String, List<StoredEvent>> events = storedEvents(ids);
        Map<String, ReadRow> rows = readModel(ids);
        return judge(orders, events, rows, streamDuplicates);
    }

    static Verification judge(List<OrderTrack> orders, Map<String, List<StoredEvent>> events,
                              Map<String, ReadRow> rows, long streamDuplicates) {
        long notCompleted = 0, duplicates = 0, gaps = 0, missing = 0, mismatches = 0;
        List<String> examples = new ArrayList<>();
        for (OrderTrack order : orders) {
            if (order.readModelNanos == 0) {
                notCompleted++;
                note(examples, "not completed: " + order.orderId);
            }
            List<StoredEvent> stored = events.getOrDefault(order.orderId, List.of());
            if (stored.isEmpty()) {
                missing++;
                note(examples, "no events stored: " + order.orderId);
                continue;
            }
            Map<String, Integer> perType = new HashMap<>();
            TreeMap<Long, String> byVersion = new TreeMap<>();
            for (StoredEvent e : stored) {
                perType.merge(e.type(), 1, Integer::sum);
                byVersion.put(e.version(), e.type());
            }
            for (Map.Entry<String, Integer> e : perType.entrySet()) {
                if (e.getValue() > 1) {
                    duplicates += e.getValue() - 1;
                    note(examples, "duplicate " + e.getKey() + " x" + e.getValue() + ": " + order.orderId);
                }
            }
            if (byVersion.size() != stored.size() || byVersion.firstKey() != 1 || byVersion.lastKey() != stored.size()) {
                gaps++;
                note(examples, "versions " + byVersion.keySet() + ": " + order.orderId);
            }
            String mismatch = mismatch(order, byVersion, rows.get(order.orderId));
            if (mismatch != null) {
                mismatches++;
                note(examples, "read model " + mismatch + ": " + order.orderId);
            }
        }
        return new Verification(orders.size(), notCompleted, duplicates, gaps, missing, streamDuplicates,
                mismatches, examples);
    }

    private static String mismatch(OrderTrack order, TreeMap<Long, String> byVersion, ReadRow row) {
        if (row == null) {
            return "has no row";
        }
        long lastVersion = byVersion.lastKey();
        String lastType = byVersion.get(lastVersion);
        String expectedStatus = STATUS_OF.get(lastType.substring(lastType.lastIndexOf('.') + 1));
        if (expectedStatus != null && !expectedStatus.equals(row.status())) {
            return "status " + row.status() + ", store says " + expectedStatus;
        }
        if (row.lastVersion() != lastVersion) {
            return "version " + row.lastVersion() + ", store has " + lastVersion;
        }
        if (order.amount != null && (row.amount() == null || row.amount().compareTo(order.amount) != 0)) {
            return "amount " + row.amount() + ", posted " + order.amount;
        }
        if (order.items != row.items()) {
            return "items " + row.items() + ", posted " + order.items;
        }
        return null;
    }

    private static void note(List<String> examples, String problem) {
        if (examples.size() < 10) {
            examples.add(problem);
        }
    }

    private Map<String, List<StoredEvent>> storedEvents(List<String> ids) throws SQLException {
        Map<String, List<StoredEvent>> result = new HashMap<>();
        try (Connection db = DriverManager.getConnection(baseUrl + eventstoreDb, user, password);
             PreparedStatement q = db.prepareStatement(
                     "SELECT aggregateid, eventtype, version FROM events WHERE aggregateid = ANY(?)")) {
            for (int i = 0; i < ids.size(); i += CHUNK) {
                q.setArray(1, db.createArrayOf("text", ids.subList(i, Math.min(ids.size(), i + CHUNK)).toArray()));
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        result.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                                .add(new StoredEvent(rs.getString(2), rs.getLong(3)));
                    }
                }
            }
        }
        return result;
    }

    private Map<String, ReadRow> readModel(List<String> ids) throws SQLException {
        Map<String, ReadRow> result = new HashMap<>();
        try (Connection db = DriverManager.getConnection(baseUrl + ordersDb, user, password);
             PreparedStatement q = db.prepareStatement("""
                     SELECT o.id, o.status, o.last_version, o.amount,
                            (SELECT count(*) FROM orderitems i WHERE i.orderid = o.id)
                     FROM orders o WHERE o.id = ANY(?)""")) {
            for (int i = 0; i < ids.size(); i += CHUNK) {
                q.setArray(1, db.createArrayOf("text", ids.subList(i, Math.min(ids.size(), i + CHUNK)).toArray()));
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        result.put(rs.getString(1), new ReadRow(rs.getString(2), rs.getLong(3),
                                rs.getBigDecimal(4), rs.getInt(5)));
                    }
                }
            }
        }
        return result;
    }
}

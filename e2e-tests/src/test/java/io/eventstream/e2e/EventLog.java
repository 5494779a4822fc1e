package io.eventstream.e2e;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The event store's events table read at once, grouped by order: what the checks take as the
 * truth that the read model, the wallets and the stream are compared with.
 */
record EventLog(Map<String, List<Stored>> byOrder, int size) {

    static final Set<String> TERMINAL = Set.of("approved", "rejected", "cancelled");

    /**
     * One stored event.
     *
     * @param type     the event type without the stream prefix ("created", "paymentdebited"...)
     * @param amount   the order's amount (created events only)
     * @param customer the order's customer (created events only)
     */
    record Stored(String id, String orderId, long version, String type, BigDecimal amount, String customer) {
    }

    static EventLog read(Suite suite) throws SQLException {
        Map<String, List<Stored>> byOrder = new LinkedHashMap<>();
        int size = 0;
        try (var c = suite.infra.admin(suite.eventstoreDb); var rs = c.createStatement().executeQuery("""
                SELECT id, aggregateid, version, eventtype, eventdata->>'amount', eventdata->>'customer_id'
                  FROM events ORDER BY aggregateid, version""")) {
            while (rs.next()) {
                size++;
                String type = rs.getString(4).substring(suite.stream.length() + 1);
                boolean created = type.equals("created");
                byOrder.computeIfAbsent(rs.getString(2), k -> new ArrayList<>()).add(new Stored(rs.getString(1),
                        rs.getString(2), rs.getLong(3), type,
                        created && rs.getString(5) != null ? new BigDecimal(rs.getString(5)) : null,
                        created ? rs.getString(6) : null));
            }
        }
        return new EventLog(byOrder, size);
    }

    /** The events of {@code orderIds} alone (of a test that shares its suite with others). */
    EventLog only(Collection<String> orderIds) {
        Map<String, List<Stored>> kept = new LinkedHashMap<>();
        int events = 0;
        for (String id : orderIds) {
            List<Stored> stored = byOrder.get(id);
            if (stored != null) {
                kept.put(id, stored);
                events += stored.size();
            }
        }
        return new EventLog(kept, events);
    }

    List<String> types(String orderId) {
        return byOrder.getOrDefault(orderId, List.of()).stream().map(Stored::type).toList();
    }

    /** The order's one terminal event type, or null when it has none (or several: see the checks). */
    String terminal(String orderId) {
        List<String> ends = types(orderId).stream().filter(TERMINAL::contains).toList();
        return ends.size() == 1 ? ends.get(0) : null;
    }

    Stored created(String orderId) {
        return byOrder.getOrDefault(orderId, List.of()).stream().filter(e -> e.type().equals("created")).findFirst()
                .orElse(null);
    }

    Stored last(String orderId, String type) {
        Stored found = null;
        for (Stored e : byOrder.getOrDefault(orderId, List.of())) {
            if (e.type().equals(type)) {
                found = e;
            }
        }
        return found;
    }
}

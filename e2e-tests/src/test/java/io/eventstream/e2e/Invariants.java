package io.eventstream.e2e;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * What must hold of a suite once it has settled, whatever happened to it: each check reads the
 * event log, the read model or the wallets and says PASS or FAIL with a detail. The fault suite
 * reports them all after every scenario, over everything its suite holds; SagaLoadTest asserts
 * them over its own orders and their customers' wallets, in a suite other classes share.
 * ({@link StreamChecks} reads the streams.)
 */
final class Invariants {

    /** Event types an order has at most once, whoever retries and however often a message arrives. */
    static final Set<String> ONCE = Set.of("created", "paymentdebited", "paymentfailed", "cancelrequested",
            "refundrequested", "paymentrefunded", "reviewrejected", "approved", "rejected", "cancelled");
    private static final Map<String, String> LABEL = Map.of("approved", "Approved", "rejected", "Rejected",
            "cancelled", "Cancelled");

    private final Suite suite;
    /** The orders the checks read; null: every order of the suite. */
    private final Set<String> orders;

    /** Checks over everything the suite holds. */
    Invariants(Suite suite) {
        this(suite, null);
    }

    private Invariants(Suite suite, Set<String> orders) {
        this.suite = suite;
        this.orders = orders;
    }

    /**
     * Checks over {@code orders} alone (read the log with {@link EventLog#only}): the rows of
     * other orders, and the wallets of customers without one of these orders, are not read.
     */
    static Invariants over(Suite suite, Collection<String> orders) {
        return new Invariants(suite, Set.copyOf(orders));
    }

    private boolean inScope(String orderId) {
        return orders == null || orders.contains(orderId);
    }

    /**
     * Every accepted order (the API answered 201) is in the log, and every order in the log
     * has a created event and exactly one terminal event (approved, rejected or cancelled).
     */
    Check terminal(EventLog log, Collection<String> accepted) {
        List<String> problems = new ArrayList<>();
        for (String id : accepted) {
            if (!log.byOrder().containsKey(id)) {
                problems.add("accepted order " + id + " is not in the log");
            }
        }
        Map<String, Integer> outcomes = new TreeMap<>();
        for (String id : log.byOrder().keySet()) {
            List<String> types = log.types(id);
            long ends = types.stream().filter(EventLog.TERMINAL::contains).count();
            if (!types.contains("created") || ends != 1) {
                problems.add(id + " " + types);
            } else {
                outcomes.merge(log.terminal(id), 1, Integer::sum);
            }
        }
        return Check.of("terminal", problems, log.byOrder().size() + " orders " + outcomes);
    }

    /**
     * Nothing stored or done twice: event ids unique, versions 1..n without a gap per order,
     * each once-only event type at most once per order, and the payments table (one row per
     * order and kind by its key) agrees with the payment events one for one.
     */
    Check once(EventLog log) throws SQLException {
        List<String> problems = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (var entry : log.byOrder().entrySet()) {
            long expected = 1;
            Map<String, Integer> perType = new HashMap<>();
            for (EventLog.Stored e : entry.getValue()) {
                if (!ids.add(e.id())) {
                    problems.add("event " + e.id() + " stored twice");
                }
                if (e.version() != expected++) {
                    problems.add(entry.getKey() + " versions " + entry.getValue().stream().map(EventLog.Stored::version).toList());
                    break;
                }
                perType.merge(e.type(), 1, Integer::sum);
            }
            perType.forEach((type, n) -> {
                if (n > 1 && ONCE.contains(type)) {
                    problems.add(entry.getKey() + " has " + n + " " + type);
                }
            });
        }
        Map<String, String> rows = new HashMap<>();
        try (Connection c = suite.infra.admin(suite.paymentsDb);
             var rs = c.createStatement().executeQuery("SELECT order_id, kind, outcome FROM payments")) {
            while (rs.next()) {
                if (!inScope(rs.getString(1))) {
                    continue;
                }
                String key = rs.getString(1) + "/" + rs.getString(2);
                if (rows.put(key, rs.getString(3)) != null) {
                    problems.add("payment " + key + " twice");
                }
            }
        }
        Map<String, String> fromEvents = new HashMap<>();
        for (String id : log.byOrder().keySet()) {
            List<String> types = log.types(id);
            if (types.contains("paymentdebited")) {
                fromEvents.put(id + "/debit", "debited");
            } else if (types.contains("paymentfailed")) {
                fromEvents.put(id + "/debit", "failed");
            }
            if (types.contains("paymentrefunded")) {
                fromEvents.put(id + "/refund", "refunded");
            }
        }
        if (!rows.equals(fromEvents)) {
            Set<String> onlyRows = new HashSet<>(rows.entrySet().stream().map(Object::toString).toList());
            onlyRows.removeAll(fromEvents.entrySet().stream().map(Object::toString).toList());
            Set<String> onlyEvents = new HashSet<>(fromEvents.entrySet().stream().map(Object::toString).toList());
            onlyEvents.removeAll(rows.entrySet().stream().map(Object::toString).toList());
            problems.add("payments without their event " + limit(onlyRows) + ", payment events without a row "
                    + limit(onlyEvents));
        }
        return Check.of("once", problems, log.size() + " events, " + rows.size() + " payments, none twice");
    }

    /**
     * The read model equals what the log implies: one row per order of the log, with the status
     * of its terminal event, that event's version, the created event's customer and amount; and
     * a status history row for every event of the order (version and event id).
     */
    Check readModel(EventLog log) throws SQLException {
        List<String> problems = new ArrayList<>();
        Set<String> rows = new HashSet<>();
        try (Connection c = suite.infra.admin(suite.ordersDb); var rs = c.createStatement().executeQuery(
                "SELECT id, status, last_version, customerid, amount FROM orders")) {
            while (rs.next()) {
                String id = rs.getString(1);
                if (!inScope(id)) {
                    continue;
                }
                rows.add(id);
                String terminal = log.terminal(id);
                EventLog.Stored created = log.created(id);
                if (created == null) {
                    problems.add(id + " is in the read model, not in the log");
                    continue;
                }
                String expected = LABEL.get(terminal);
                long version = terminal == null ? -1 : log.last(id, terminal).version();
                if (!Objects.equals(rs.getString(2), expected) || rs.getLong(3) != version
                        || !Objects.equals(rs.getString(4), created.customer())
                        || rs.getBigDecimal(5) == null || rs.getBigDecimal(5).compareTo(created.amount()) != 0) {
                    problems.add(id + " is " + rs.getString(2) + "@" + rs.getLong(3) + " " + rs.getString(4) + " "
                            + rs.getBigDecimal(5) + ", the log says " + expected + "@" + version + " "
                            + created.customer() + " " + created.amount());
                }
            }
        }
        Set<String> missing = new HashSet<>(log.byOrder().keySet());
        missing.removeAll(rows);
        if (!missing.isEmpty()) {
            problems.add(missing.size() + " orders of the log not in the read model, e.g. " + limit(missing));
        }
        Set<String> history = new HashSet<>();
        try (Connection c = suite.infra.admin(suite.ordersDb); var rs = c.createStatement().executeQuery(
                "SELECT orderid, version, event_id FROM order_status_history")) {
            while (rs.next()) {
                if (!inScope(rs.getString(1))) {
                    continue;
                }
                history.add(rs.getString(1) + "@" + rs.getLong(2) + "=" + rs.getString(3));
            }
        }
        Set<String> implied = new HashSet<>();
        log.byOrder().values().forEach(events -> events.forEach(e -> implied.add(e.orderId() + "@" + e.version() + "=" + e.id())));
        if (!history.equals(implied)) {
            Set<String> extra = new HashSet<>(history);
            extra.removeAll(implied);
            Set<String> lacking = new HashSet<>(implied);
            lacking.removeAll(history);
            problems.add("status history: " + extra.size() + " rows not in the log " + limit(extra) + ", "
                    + lacking.size() + " events without a row " + limit(lacking));
        }
        return Check.of("read model", problems, rows.size() + " orders, " + history.size() + " history rows");
    }

    /**
     * The money adds up: per wallet opening credit - debits + refunds = balance; every debit of an
     * order that did not end Approved was refunded and no Approved order was refunded; so the
     * debits minus the refunds are the amounts of the Approved orders.
     */
    Check money(EventLog log) throws SQLException {
        List<String> problems = new ArrayList<>();
        // In a shared suite, the wallets of the customers of these orders (who have no others).
        Set<String> customers = orders == null ? null : new HashSet<>();
        if (customers != null) {
            log.byOrder().keySet().stream().map(log::created).filter(Objects::nonNull)
                    .forEach(created -> customers.add(created.customer()));
        }
        int wallets = 0;
        try (Connection c = suite.infra.admin(suite.paymentsDb); var rs = c.createStatement().executeQuery("""
                SELECT w.customer_id, w.opening_credit, w.balance,
                       COALESCE(SUM(p.amount) FILTER (WHERE p.kind = 'debit' AND p.outcome = 'debited'), 0),
                       COALESCE(SUM(p.amount) FILTER (WHERE p.kind = 'refund'), 0)
                  FROM wallets w LEFT JOIN payments p ON p.customer_id = w.customer_id
                 GROUP BY w.customer_id, w.opening_credit, w.balance""")) {
            while (rs.next()) {
                if (customers != null && !customers.contains(rs.getString(1))) {
                    continue;
                }
                wallets++;
                BigDecimal computed = rs.getBigDecimal(2).subtract(rs.getBigDecimal(4)).add(rs.getBigDecimal(5));
                if (computed.compareTo(rs.getBigDecimal(3)) != 0) {
                    problems.add(rs.getString(1) + ": opening " + rs.getBigDecimal(2) + " - debits " + rs.getBigDecimal(4)
                            + " + refunds " + rs.getBigDecimal(5) + " != balance " + rs.getBigDecimal(3));
                }
            }
        }
        BigDecimal kept = BigDecimal.ZERO;
        try (Connection c = suite.infra.admin(suite.paymentsDb); var rs = c.createStatement().executeQuery(
                "SELECT order_id, CASE WHEN kind = 'debit' AND outcome = 'debited' THEN amount"
                        + " WHEN kind = 'refund' THEN -amount ELSE 0 END FROM payments")) {
            while (rs.next()) {
                if (inScope(rs.getString(1))) {
                    kept = kept.add(rs.getBigDecimal(2));
                }
            }
        }
        BigDecimal approved = BigDecimal.ZERO;
        for (String id : log.byOrder().keySet()) {
            List<String> types = log.types(id);
            String terminal = log.terminal(id);
            boolean debited = types.contains("paymentdebited");
            boolean refunded = types.contains("paymentrefunded");
            if ("approved".equals(terminal)) {
                approved = approved.add(log.created(id).amount());
                if (!debited || refunded) {
                    problems.add("Approved " + id + " " + types);
                }
            } else if (terminal != null && debited != refunded) {
                problems.add(LABEL.get(terminal) + " " + id + " " + types);
            }
        }
        if (kept.compareTo(approved) != 0) {
            problems.add("debits - refunds = " + kept + ", Approved orders' amounts = " + approved);
        }
        return Check.of("money", problems, wallets + " wallets, kept " + kept.toPlainString()
                + " = Approved amounts");
    }

    static String limit(Collection<String> items) {
        List<String> sorted = new ArrayList<>(items);
        Collections.sort(sorted);
        return sorted.size() <= 3 ? sorted.toString() : sorted.subList(0, 3) + "...";
    }
}

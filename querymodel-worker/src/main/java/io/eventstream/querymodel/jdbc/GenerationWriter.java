package io.eventstream.querymodel.jdbc;

import io.eventstream.querymodel.projection.OrderChange;
import io.eventstream.querymodel.projection.OrderDetails;
import io.eventstream.querymodel.projection.OrderLine;
import io.eventstream.querymodel.projection.OrderRow;
import io.eventstream.querymodel.projection.ReadModel;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A rebuild's writer of a generation's tables, before they take the live names: they have one
 * writer then (this one, a page at a time), so a page is folded in memory per order
 * ({@link OrderRow}: the live SQL's rules) and written as one statement per table, whatever the
 * page's size: the page's orders' rows as they are (one read), the rows as they end (one upsert:
 * one row write per order per page instead of one per event and one more for the hourly flags),
 * the history and the items (inserts), the hours' additions (one upsert). One transaction per page.
 * Not for the live tables: the live worker writes them concurrently, and its SQL is what keeps
 * concurrent writers right ({@link JdbcReadModel}).
 */
public class GenerationWriter implements ReadModel {

    private final Transactions transactions;
    private final String readRows;
    private final String writeRows;
    private final String writeHistory;
    private final String writeItems;
    private final String addHours;

    public GenerationWriter(Transactions transactions, ReadModelTables tables) {
        if (tables.equals(ReadModelTables.LIVE)) {
            throw new IllegalArgumentException("the live tables have concurrent writers: use JdbcReadModel");
        }
        this.transactions = transactions;
        this.readRows = tables.rewrite(GenerationStatements.READ_ROWS);
        this.writeRows = tables.rewrite(GenerationStatements.WRITE_ROWS);
        this.writeHistory = tables.rewrite(GenerationStatements.WRITE_HISTORY);
        this.writeItems = tables.rewrite(GenerationStatements.WRITE_ITEMS);
        this.addHours = tables.rewrite(GenerationStatements.ADD_HOURS);
    }

    @Override
    public void apply(OrderChange change) {
        applyAll(List.of(change));
    }

    @Override
    public void applyAll(List<OrderChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        Map<String, List<OrderChange>> byOrder = new LinkedHashMap<>();
        for (OrderChange change : changes) {
            byOrder.computeIfAbsent(change.orderId(), id -> new ArrayList<>()).add(change);
        }
        transactions.inTransaction(c -> {
            Map<String, OrderRow> rows = read(c, byOrder.keySet());
            List<OrderRow> counted = new ArrayList<>(byOrder.size());
            List<OrderRow> hours = new ArrayList<>();
            for (Map.Entry<String, List<OrderChange>> order : byOrder.entrySet()) {
                OrderRow row = rows.get(order.getKey());
                boolean countable = false;
                for (OrderChange change : order.getValue()) {
                    row = row == null ? OrderRow.first(change) : row.then(change);
                    countable |= change.details() != null || change.status().label().equals("Approved");
                }
                // TALLY_HOURLY runs for the orders a created or an approved event of the transaction touched.
                if (countable && row.tally().any()) {
                    hours.add(row);
                    row = row.counted();
                }
                counted.add(row);
            }
            writeRows(c, counted);
            writeHistory(c, changes);
            writeItems(c, changes);
            addHours(c, hours);
        });
    }

    private Map<String, OrderRow> read(Connection c, Set<String> ids) throws SQLException {
        Map<String, OrderRow> rows = new LinkedHashMap<>();
        Array array = c.createArrayOf("text", ids.toArray());
        try (PreparedStatement s = c.prepareStatement(readRows)) {
            s.setArray(1, array);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    OrderRow row = new OrderRow(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getObject(4, OffsetDateTime.class), rs.getString(5), rs.getBigDecimal(6), rs.getLong(7),
                            rs.getString(8), rs.getBoolean(9), rs.getBoolean(10));
                    rows.put(row.id(), row);
                }
            }
        } finally {
            array.free();
        }
        return rows;
    }

    private void writeRows(Connection c, List<OrderRow> rows) throws SQLException {
        rows.sort((a, b) -> a.id().compareTo(b.id())); // the primary key is filled in its order
        try (PreparedStatement s = c.prepareStatement(writeRows)) {
            int p = RoundWriter.bind(s, 0, c, rows, "text", OrderRow::id);
            p = RoundWriter.bind(s, p, c, rows, "text", OrderRow::customerId);
            p = RoundWriter.bind(s, p, c, rows, "text", OrderRow::status);
            p = RoundWriter.bind(s, p, c, rows, "text", row -> RoundWriter.text(row.createdOn()));
            p = RoundWriter.bind(s, p, c, rows, "text", OrderRow::restaurantId);
            p = RoundWriter.bind(s, p, c, rows, "text", row -> RoundWriter.money(row.amount()));
            p = RoundWriter.bind(s, p, c, rows, "int8", OrderRow::lastVersion);
            p = RoundWriter.bind(s, p, c, rows, "text", OrderRow::reason);
            p = RoundWriter.bind(s, p, c, rows, "bool", OrderRow::hourlyPlaced);
            RoundWriter.bind(s, p, c, rows, "bool", OrderRow::hourlyApproved);
            s.executeUpdate();
        }
    }

    /** One history row per (order, version): the first of the page, as ON CONFLICT DO NOTHING keeps the first. */
    private void writeHistory(Connection c, List<OrderChange> changes) throws SQLException {
        Set<String> seen = new HashSet<>();
        List<OrderChange> rows = changes.stream().filter(ch -> seen.add(ch.orderId() + "@" + ch.version())).toList();
        try (PreparedStatement s = c.prepareStatement(writeHistory)) {
            RoundWriter.history(s, 0, c, rows);
            s.executeUpdate();
        }
    }

    /** Items {@code <orderid>:<line>}, the first created event's lines first, as ON CONFLICT DO NOTHING keeps them. */
    private void writeItems(Connection c, List<OrderChange> changes) throws SQLException {
        record Row(String id, String orderId, String customerId, OrderLine item) {
        }
        Map<String, Row> rows = new LinkedHashMap<>();
        for (OrderChange change : changes) {
            OrderDetails details = change.details();
            if (details == null) {
                continue;
            }
            int line = 0;
            for (OrderLine item : details.items()) {
                String id = change.orderId() + ":" + ++line;
                rows.putIfAbsent(id, new Row(id, change.orderId(), details.customerId(), item));
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        List<Row> list = new ArrayList<>(rows.values());
        try (PreparedStatement s = c.prepareStatement(writeItems)) {
            int p = RoundWriter.bind(s, 0, c, list, "text", Row::id);
            p = RoundWriter.bind(s, p, c, list, "text", Row::orderId);
            p = RoundWriter.bind(s, p, c, list, "text", Row::customerId);
            p = RoundWriter.bind(s, p, c, list, "text", row -> row.item().code());
            p = RoundWriter.bind(s, p, c, list, "text", row -> row.item().name());
            p = RoundWriter.bind(s, p, c, list, "text", row -> RoundWriter.money(row.item().unitPrice()));
            RoundWriter.bind(s, p, c, list, "int4", row -> row.item().quantity());
            s.executeUpdate();
        }
    }

    /** What the page's orders add to their hours; the database truncates to the hour and sums, as TALLY_HOURLY does. */
    private void addHours(Connection c, List<OrderRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement(addHours)) {
            int p = RoundWriter.bind(s, 0, c, rows, "text", OrderRow::restaurantId);
            p = RoundWriter.bind(s, p, c, rows, "text", row -> RoundWriter.text(row.createdOn()));
            p = RoundWriter.bind(s, p, c, rows, "bool", row -> row.tally().placed() > 0);
            p = RoundWriter.bind(s, p, c, rows, "bool", row -> row.tally().approved() > 0);
            RoundWriter.bind(s, p, c, rows, "text", row -> RoundWriter.money(row.amount()));
            s.executeUpdate();
        }
    }
}

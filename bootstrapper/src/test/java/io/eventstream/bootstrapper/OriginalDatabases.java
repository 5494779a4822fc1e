package io.eventstream.bootstrapper;

import static io.eventstream.bootstrapper.TestServers.PG_ADMIN;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The original system's databases as it leaves them (docs/contract.md, "SQL"): its tables, no
 * Flyway history, each event inserted in a transaction of its own as its event store did.
 * Created by the administrator, as the original's setup script did; the service user only had
 * privileges on them.
 */
final class OriginalDatabases {

    static final String EVENTS = """
            CREATE TABLE events (id TEXT PRIMARY KEY, eventtype TEXT, aggregateid TEXT, aggregatetype TEXT,
                                 eventdata JSONB, stream TEXT)""";
    static final String ORDERS = """
            CREATE TABLE orders (id TEXT PRIMARY KEY, customerid TEXT, status TEXT, createdon DATE,
                                 restaurantid TEXT, amount FLOAT8)""";
    /** The id is the database's (the original's insert names no id): SERIAL, so a sequence moves with it. */
    static final String ORDER_ITEMS = """
            CREATE TABLE orderitems (id SERIAL PRIMARY KEY, orderid TEXT, customerid TEXT, code TEXT, name TEXT,
                                     unitprice FLOAT8, quantity INT)""";

    /** One stored event of the original. */
    record Event(String id, String type, String orderId, String data) {
    }

    private OriginalDatabases() {
    }

    static String created(String orderId, String customer, double amount) {
        return "{\"order_id\":\"" + orderId + "\",\"customer_id\":\"" + customer + "\",\"status\":\"Pending\","
                + "\"created_on\":\"2026-11-20T10:15:30.123456789Z\",\"restaurant_id\":\"r1\",\"amount\":" + amount
                + ",\"order_items\":[{\"code\":\"p1\",\"name\":\"Pizza\",\"unit_price\":10.5,\"quantity\":2}]}";
    }

    /** The original's debit body: Go's field names, no RestaurantID. */
    static String debited(String orderId, String customer, double amount) {
        return "{\"OrderID\":\"" + orderId + "\",\"CustomerID\":\"" + customer + "\",\"Amount\":" + amount + "}";
    }

    static void exec(String database, String... statements) {
        try (var c = TestServers.connect(database, PG_ADMIN); var s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Autocommitted one by one, in this order: the original's stored order. */
    static void insertEvents(String database, List<Event> events) {
        try (var c = TestServers.connect(database, PG_ADMIN); var ps = c.prepareStatement(
                "INSERT INTO events (id, eventtype, aggregateid, aggregatetype, eventdata, stream)"
                        + " VALUES (?, ?, ?, 'order', CAST(? AS JSONB), 'ORDERS')")) {
            for (Event e : events) {
                ps.setString(1, e.id());
                ps.setString(2, "ORDERS." + e.type());
                ps.setString(3, e.orderId());
                ps.setString(4, e.data());
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** An order and its items in one transaction, as the original's query worker wrote them. */
    static void insertOrder(String database, String id, String customer, String status, String date, double amount,
                            String... itemCodes) {
        try (var c = TestServers.connect(database, PG_ADMIN)) {
            c.setAutoCommit(false);
            try (var s = c.prepareStatement("INSERT INTO orders VALUES (?, ?, ?, CAST(? AS DATE), 'r1', ?)")) {
                s.setString(1, id);
                s.setString(2, customer);
                s.setString(3, status);
                s.setString(4, date);
                s.setDouble(5, amount);
                s.executeUpdate();
            }
            try (var s = c.prepareStatement("INSERT INTO orderitems (orderid, customerid, code, name, unitprice, quantity)"
                    + " VALUES (?, ?, ?, ?, 10.5, 2)")) {
                for (String code : itemCodes) {
                    s.setString(1, id);
                    s.setString(2, customer);
                    s.setString(3, code);
                    s.setString(4, "name of " + code);
                    s.executeUpdate();
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Rows of a query as "a|b|c" strings. */
    static List<String> rows(String database, String sql) {
        try (var c = TestServers.connect(database, PG_ADMIN); var s = c.createStatement(); var rs = s.executeQuery(sql)) {
            List<String> rows = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    row.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}

package io.eventstream.loadtool.infra;

import io.eventstream.loadtool.Options;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

/**
 * How many events the store holds. Part of every result: some of the event store's queries
 * cost more as the log grows, so runs are comparable only at similar sizes.
 */
public final class EventCount {

    public static long of(Options o) {
        try (Connection db = DriverManager.getConnection(o.get("pg") + o.get("eventstore-db"), o.get("pg-user"),
                o.get("pg-password"));
             ResultSet rs = db.createStatement().executeQuery("SELECT count(*) FROM events")) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            return -1;
        }
    }

    private EventCount() {
    }
}

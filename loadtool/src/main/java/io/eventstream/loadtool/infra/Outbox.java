package io.eventstream.loadtool.infra;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/**
 * The event store's outbox backlog. A run must start with it empty: events still waiting
 * from an earlier run (a CreateEvent level that appended faster than the relay publishes)
 * would be published first and make this run's lag and latencies look worse than they are.
 */
public final class Outbox {

    /** Waits until the outbox is empty or {@code timeoutSeconds} pass; returns what is left. */
    public static long waitUntilEmpty(String jdbcBase, String user, String password, String eventstoreDb,
                                      int timeoutSeconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        long lastSaid = 0;
        try (Connection db = DriverManager.getConnection(jdbcBase + eventstoreDb, user, password);
             Statement s = db.createStatement()) {
            while (true) {
                long backlog;
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM outbox")) {
                    rs.next();
                    backlog = rs.getLong(1);
                }
                if (backlog == 0 || System.nanoTime() > deadline) {
                    if (backlog > 0) {
                        System.err.printf("loadtool: the outbox still holds %d events; starting anyway%n", backlog);
                    }
                    return backlog;
                }
                if (System.nanoTime() - lastSaid > TimeUnit.SECONDS.toNanos(5)) {
                    System.err.printf("loadtool: waiting for the event store to publish %d events left in its outbox%n", backlog);
                    lastSaid = System.nanoTime();
                }
                Thread.sleep(200);
            }
        }
    }

    private Outbox() {
    }
}

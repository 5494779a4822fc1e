package io.eventstream.loadtool.orders;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Set;

/**
 * Learns when the read model shows each order's end state. It asks only about orders whose
 * end event has already arrived on the stream (a handful at any time), in one query every
 * {@code pollMillis}, so it adds a few cheap indexed reads per second instead of a GET per
 * order; the end-to-end latency it yields is at most one poll interval late.
 */
final class ReadModelPoller implements AutoCloseable {

    private static final String ENDED = "SELECT id FROM orders WHERE id = ANY(?) AND status = ANY(?)";

    private final Thread thread;
    private volatile boolean running = true;
    private volatile Exception failure;

    ReadModelPoller(String jdbcUrl, String user, String password, OrderBook book, Set<String> terminalStatuses,
                    long pollMillis) {
        this.thread = new Thread(() -> run(jdbcUrl, user, password, book, terminalStatuses, pollMillis),
                "read-model-poller");
        thread.setDaemon(true);
        thread.start();
    }

    private void run(String url, String user, String password, OrderBook book, Set<String> statuses, long pollMillis) {
        try (Connection db = DriverManager.getConnection(url, user, password);
             PreparedStatement ended = db.prepareStatement(ENDED)) {
            Array statusArray = db.createArrayOf("text", statuses.toArray());
            while (running) {
                List<String> ids = book.awaitingReadModel(5000);
                if (!ids.isEmpty()) {
                    ended.setArray(1, db.createArrayOf("text", ids.toArray()));
                    ended.setArray(2, statusArray);
                    try (ResultSet rs = ended.executeQuery()) {
                        long now = System.nanoTime();
                        while (rs.next()) {
                            book.readModelEnded(rs.getString(1), now);
                        }
                    }
                }
                Thread.sleep(pollMillis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            failure = e;
            System.err.println("loadtool: the read-model poller failed: " + e);
        }
    }

    Exception failure() {
        return failure;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5000);
    }
}

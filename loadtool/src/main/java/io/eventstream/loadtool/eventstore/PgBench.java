package io.eventstream.loadtool.eventstore;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What this machine's PostgreSQL manages on its own, measured with pgbench in a scratch
 * database whose {@code events} and {@code outbox} tables are the event store's (same columns,
 * keys and indexes): single-row INSERTs of an order-created row, and the event store's own
 * transaction shape (the event and its outbox row, committed together).
 */
final class PgBench {

    static final String DATABASE = "loadtool_pgbench";
    static final String DDL = """
            CREATE TABLE events (
                id TEXT PRIMARY KEY, eventtype TEXT NOT NULL, aggregateid TEXT NOT NULL, aggregatetype TEXT NOT NULL,
                eventdata JSONB, stream TEXT NOT NULL, version BIGINT NOT NULL, position BIGINT,
                created_at TIMESTAMPTZ NOT NULL DEFAULT now(), payload TEXT, metadata JSONB NOT NULL DEFAULT '{}',
                CONSTRAINT events_aggregate_version UNIQUE (aggregateid, version));
            CREATE UNIQUE INDEX events_position ON events (position);
            CREATE TABLE outbox (event_id TEXT PRIMARY KEY REFERENCES events (id),
                enqueued_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp());
            CREATE INDEX outbox_enqueued ON outbox (enqueued_at);
            """;
    static final String ROW = "'ORDERS.created', gen_random_uuid()::text, 'order', '" + EventData.JSON
            + "', 'ORDERS', 1, '" + EventData.JSON + "', '{\"Correlation-Id\":\"bench\"}'";
    static final String INSERT_ONE = "INSERT INTO events (id, eventtype, aggregateid, aggregatetype, eventdata, "
            + "stream, version, payload, metadata) VALUES (gen_random_uuid()::text, " + ROW + ");\n";
    /** The event and its outbox row in one transaction, as CreateEvent commits them. */
    static final String EVENT_AND_OUTBOX = "WITH e AS (INSERT INTO events (id, eventtype, aggregateid, aggregatetype, "
            + "eventdata, stream, version, payload, metadata) VALUES (gen_random_uuid()::text, " + ROW
            + ") RETURNING id) INSERT INTO outbox (event_id) SELECT id FROM e;\n";

    record Result(String script, int clients, double tps, double latencyAvgMs, String raw) {
    }

    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+)");
    private static final Pattern LATENCY = Pattern.compile("latency average = ([0-9.]+) ms");

    private final String jdbcBase;
    private final String user;
    private final String password;
    private final String host;
    private final int port;

    PgBench(String jdbcBase, String user, String password) {
        this.jdbcBase = jdbcBase;
        this.user = user;
        this.password = password;
        URI uri = URI.create(jdbcBase.substring("jdbc:".length()));
        this.host = uri.getHost();
        this.port = uri.getPort() < 0 ? 5432 : uri.getPort();
    }

    static boolean available() {
        try {
            Process p = new ProcessBuilder("pgbench", "--version").redirectErrorStream(true).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    void createScratchDatabase() throws Exception {
        try (Connection admin = DriverManager.getConnection(jdbcBase + "postgres", user, password);
             Statement s = admin.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DATABASE);
            s.execute("CREATE DATABASE " + DATABASE);
        }
        try (Connection db = DriverManager.getConnection(jdbcBase + DATABASE, user, password);
             Statement s = db.createStatement()) {
            s.execute(DDL);
        }
    }

    void dropScratchDatabase() {
        try (Connection admin = DriverManager.getConnection(jdbcBase + "postgres", user, password);
             Statement s = admin.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DATABASE);
        } catch (Exception e) {
            System.err.println("loadtool: could not drop " + DATABASE + ": " + e);
        }
    }

    Result run(String name, String script, int clients, int seconds) throws Exception {
        Path file = Files.createTempFile("loadtool-pgbench-", ".sql");
        try {
            Files.writeString(file, script, StandardCharsets.UTF_8);
            List<String> command = new ArrayList<>(List.of("pgbench", "-n", "-h", host, "-p", String.valueOf(port),
                    "-U", user, "-c", String.valueOf(clients), "-j", String.valueOf(Math.min(clients, 2)),
                    "-T", String.valueOf(seconds), "-f", file.toString(), DATABASE));
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            if (!password.isEmpty()) {
                pb.environment().put("PGPASSWORD", password);
            }
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(seconds + 60L, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("pgbench failed:\n" + out);
            }
            return parse(name, clients, out);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    static Result parse(String name, int clients, String out) {
        Matcher tps = TPS.matcher(out);
        Matcher latency = LATENCY.matcher(out);
        if (!tps.find()) {
            throw new IllegalStateException("no tps in pgbench's output:\n" + out);
        }
        return new Result(name, clients, Double.parseDouble(tps.group(1)),
                latency.find() ? Double.parseDouble(latency.group(1)) : 0, out.trim());
    }
}

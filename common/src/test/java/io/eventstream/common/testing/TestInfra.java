package io.eventstream.common.testing;

import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.nats.OrderStreams;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

/**
 * The real PostgreSQL and NATS that tests run against, with names of their own so a
 * test never touches a running local suite: a fresh database per test class, a fresh
 * stream (and so fresh subjects) per test.
 *
 * <p>Addresses come from TEST_PG_HOST/TEST_PG_PORT/TEST_PG_ADMIN and TEST_NATS_URL,
 * with the local machine's defaults.
 */
public final class TestInfra {

    public static final String PG_HOST = env("TEST_PG_HOST", "127.0.0.1");
    public static final String PG_PORT = env("TEST_PG_PORT", "5432");
    public static final String PG_ADMIN = env("TEST_PG_ADMIN", "postgres");
    public static final String NATS_URL = env("TEST_NATS_URL", "nats://127.0.0.1:4222");

    private TestInfra() {
    }

    /** A unique lower-case name with the given prefix, usable as a database or stream name. */
    public static String uniqueName(String prefix) {
        return (prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10)).toLowerCase(Locale.ROOT);
    }

    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://" + PG_HOST + ":" + PG_PORT + "/" + database;
    }

    /** Creates an empty database, owned by the admin user, and returns its name. */
    public static String createDatabase(String prefix) {
        String name = uniqueName(prefix);
        adminExec("CREATE DATABASE " + name);
        return name;
    }

    public static void dropDatabase(String name) {
        adminExec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static void adminExec(String sql) {
        try (var c = DriverManager.getConnection(jdbcUrl("postgres"), PG_ADMIN, "");
             var s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    public static Connection natsConnection() throws IOException, InterruptedException {
        return Nats.connect(new Options.Builder().server(NATS_URL).connectionTimeout(Duration.ofSeconds(5)).build());
    }

    /** A unique upper-case stream name (event types become {@code <name>.created} and so on). */
    public static String uniqueStreamName() {
        return uniqueName("T").toUpperCase(Locale.ROOT);
    }

    /**
     * Creates what the bootstrapper creates: the event stream and its dead-letter stream
     * {@code <name>_DLQ}, with the bootstrapper's configuration ({@link OrderStreams}).
     */
    public static void createStreams(Connection nats, String name) throws IOException, JetStreamApiException {
        createStream(nats, name);
        createDeadLetterStream(nats, name);
    }

    /** Creates the event stream alone, configured like the bootstrapper's ({@link OrderStreams#events}). */
    public static void createStream(Connection nats, String name) throws IOException, JetStreamApiException {
        nats.jetStreamManagement().addStream(OrderStreams.events(new OrderEventTypes(name)));
    }

    /**
     * Creates the dead-letter stream of the event stream {@code name}, as the bootstrapper does
     * ({@link OrderStreams#deadLetters}): consumers never create it.
     */
    public static void createDeadLetterStream(Connection nats, String name) throws IOException, JetStreamApiException {
        nats.jetStreamManagement().addStream(OrderStreams.deadLetters(new OrderEventTypes(name)));
    }

    public static void deleteStream(Connection nats, String name) {
        try {
            nats.jetStreamManagement().deleteStream(name);
        } catch (Exception ignored) {
            // already gone
        }
    }

    /** A TCP port nothing listens on right now. */
    /**
     * A port nothing listens on, chosen below the kernel's ephemeral range (32768-60999 on
     * Linux). A port from {@code new ServerSocket(0)} is an ephemeral one: between closing
     * it here and the service binding it, an outgoing connection (to PostgreSQL, NATS, another
     * test's service) may be given the same number, and the service then fails to start with
     * "address already in use". Ports below the range are never handed out that way.
     */
    public static int freePort() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = FIRST_TEST_PORT + PORTS.nextInt(TEST_PORT_COUNT);
            if (!HANDED_OUT.add(port)) {
                continue;
            }
            try (var socket = new java.net.ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new java.net.InetSocketAddress(port));
                return port;
            } catch (IOException taken) {
                // someone listens there: draw another
            }
        }
        throw new IllegalStateException("no free port between " + FIRST_TEST_PORT + " and "
                + (FIRST_TEST_PORT + TEST_PORT_COUNT) + " after 200 draws");
    }

    private static final int FIRST_TEST_PORT = 20000;
    private static final int TEST_PORT_COUNT = 12000;
    private static final java.util.Random PORTS = new java.security.SecureRandom();
    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}

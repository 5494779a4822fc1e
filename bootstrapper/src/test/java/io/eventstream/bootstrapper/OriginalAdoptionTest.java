package io.eventstream.bootstrapper;

import static io.eventstream.bootstrapper.OriginalDatabases.created;
import static io.eventstream.bootstrapper.OriginalDatabases.debited;
import static io.eventstream.bootstrapper.OriginalDatabases.exec;
import static io.eventstream.bootstrapper.OriginalDatabases.rows;
import static io.eventstream.bootstrapper.TestServers.PG_ADMIN;
import static io.eventstream.bootstrapper.TestServers.adminExec;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.bootstrapper.OriginalDatabases.Event;
import io.nats.client.JetStreamApiException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.LongStream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bootstrapper on the original system's databases (real PostgreSQL): it adopts them in
 * place, loses no row, numbers the events so they can be read, streamed and replayed, copies
 * the read model, does nothing the second time, completes an interrupted adoption, and refuses
 * a database that is not the original's without changing it.
 */
class OriginalAdoptionTest {

    /** Stored order as the original's publishes and redeliveries left it; o4's approval stored before its creation. */
    private static final List<Event> EVENTS = List.of(
            new Event("e01", "created", "o1", created("o1", "c1", 21)),
            new Event("e02", "created", "o2", created("o2", "c2", 21)),
            new Event("e03", "paymentdebited", "o1", debited("o1", "c1", 21)),
            new Event("e04", "created", "o3", created("o3", "c1", 21)),
            new Event("e05", "paymentdebited", "o2", debited("o2", "c2", 21)),
            new Event("e06", "approved", "o1", null),
            new Event("e07", "approved", "o4", null),
            new Event("e08", "created", "o4", created("o4", "c3", 21)),
            new Event("e09", "created", "o5", created("o5", "c3", 42.5)),
            new Event("e10", "paymentdebited", "o4", debited("o4", "c3", 21)),
            new Event("e11", "paymentdebited", "o5", debited("o5", "c3", 42.5)),
            // A redelivered message made a second debit event (the original has no idempotency).
            new Event("e12", "paymentdebited", "o5", debited("o5", "c3", 42.5)),
            new Event("e13", "approved", "o5", null));

    private String stream;
    private String user;
    private String eventstoreDb;
    private String ordersDb;
    private String paymentsDb;
    private String sagaDb;

    @BeforeEach
    void originalDatabases() {
        stream = TestServers.uniqueName("A").toUpperCase(Locale.ROOT);
        user = TestServers.uniqueName("oa_user");
        eventstoreDb = TestServers.uniqueName("oa_es");
        ordersDb = TestServers.uniqueName("oa_orders");
        paymentsDb = TestServers.uniqueName("oa_payments");
        sagaDb = TestServers.uniqueName("oa_saga");
        adminExec("CREATE DATABASE " + eventstoreDb);
        adminExec("CREATE DATABASE " + ordersDb);
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (String db : List.of(eventstoreDb, ordersDb, paymentsDb, sagaDb)) {
            adminExec("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
        }
        adminExec("DROP ROLE IF EXISTS " + user);
        try (var nats = TestServers.natsConnection()) {
            for (String name : List.of(stream, stream + "_DLQ")) {
                try {
                    nats.jetStreamManagement().deleteStream(name);
                } catch (JetStreamApiException gone) {
                    // never created
                }
            }
        }
    }

    @Test
    void theOriginalsDatabasesAreAdoptedInPlaceWithoutLosingARow() {
        fillOriginal();
        List<String> originalEvents = rows(eventstoreDb, "SELECT id, CAST(eventdata AS TEXT) FROM events ORDER BY id");
        int esVersion = Migrations.latestVersion("db/eventstore");

        RunResult first = run();

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.err()).isEmpty();
        assertThat(first.outLines()).contains(
                "schema " + eventstoreDb + ": adopted the original's events (13 events, positions 1..13), migrated to version " + esVersion,
                "schema " + ordersDb + ": adopted the original's orders (5 orders, 6 items), migrated to version "
                        + Migrations.latestVersion("db/orders"));

        // Nothing lost: every id, and the payload is the stored JSON's text (NULL stays NULL).
        assertThat(rows(eventstoreDb, "SELECT id, payload FROM public.events ORDER BY id")).isEqualTo(originalEvents);
        assertThat(rows(eventstoreDb, "SELECT count(*) FROM public.events WHERE payload IS NULL")).containsExactly("3");
        assertThat(rows(eventstoreDb, "SELECT count(*) FROM public.events e JOIN original.events o ON o.id = e.id"
                + " WHERE CAST(e.eventdata AS TEXT) IS NOT DISTINCT FROM CAST(o.eventdata AS TEXT)"
                + " AND e.eventtype = o.eventtype AND e.aggregateid = o.aggregateid AND e.stream = o.stream"))
                .containsExactly("13");

        // Versions by the lifecycle within each order (o4's approval was stored first; o5 has two debits).
        assertThat(rows(eventstoreDb, "SELECT aggregateid, version, eventtype, id FROM public.events ORDER BY aggregateid, version"))
                .containsExactly(
                        "o1|1|ORDERS.created|e01", "o1|2|ORDERS.paymentdebited|e03", "o1|3|ORDERS.approved|e06",
                        "o2|1|ORDERS.created|e02", "o2|2|ORDERS.paymentdebited|e05",
                        "o3|1|ORDERS.created|e04",
                        "o4|1|ORDERS.created|e08", "o4|2|ORDERS.paymentdebited|e10", "o4|3|ORDERS.approved|e07",
                        "o5|1|ORDERS.created|e09", "o5|2|ORDERS.paymentdebited|e11", "o5|3|ORDERS.paymentdebited|e12",
                        "o5|4|ORDERS.approved|e13");
        // Positions 1..13, in stored order, each order's events in its own slots by version: o4's
        // created takes the slot its approval was stored in (7), the approval o4's last (10).
        assertThat(rows(eventstoreDb, "SELECT position FROM public.events ORDER BY position"))
                .isEqualTo(LongStream.rangeClosed(1, 13).mapToObj(Long::toString).toList());
        assertThat(rows(eventstoreDb, "SELECT id FROM public.events ORDER BY position")).containsExactly(
                "e01", "e02", "e03", "e04", "e05", "e06", "e08", "e10", "e09", "e07", "e11", "e12", "e13");
        assertThat(rows(eventstoreDb, """
                SELECT count(*) FROM public.events a JOIN public.events b
                    ON a.aggregateid = b.aggregateid AND a.version < b.version AND a.position > b.position"""))
                .containsExactly("0");
        // Published by the original: no outbox rows; new events are numbered after the last.
        assertThat(rows(eventstoreDb, "SELECT count(*) FROM public.outbox")).containsExactly("0");
        assertThat(rows(eventstoreDb, "SELECT last_position FROM public.log_position")).containsExactly("13");

        // The read model: status kept, last_version of the status's event, DATE as midnight UTC, item ids as the worker's.
        assertThat(rows(ordersDb, """
                SELECT id, customerid, status, last_version, CAST(createdon AT TIME ZONE 'UTC' AS TEXT), restaurantid, amount
                  FROM public.orders ORDER BY id""")).containsExactly(
                "o1|c1|Approved|3|2026-11-20 00:00:00|r1|21.00",
                "o2|c2|Pending|1|2026-11-20 00:00:00|r1|21.00",
                "o3|c1|Pending|1|2026-11-21 00:00:00|r1|21.00",
                "o4|c3|Pending|1|2026-11-21 00:00:00|r1|21.00",
                "o5|c3|Approved|3|2026-11-22 00:00:00|r1|42.50");
        assertThat(rows(ordersDb, "SELECT id, orderid, customerid, code, name, unitprice, quantity FROM public.orderitems ORDER BY id"))
                .containsExactly(
                        "o1:1|o1|c1|p1|name of p1|10.50|2", "o1:2|o1|c1|p2|name of p2|10.50|2",
                        "o2:1|o2|c2|p1|name of p1|10.50|2",
                        "o3:1|o3|c1|p9|name of p9|10.50|2", "o3:2|o3|c1|p3|name of p3|10.50|2",
                        "o5:1|o5|c3|p5|name of p5|10.50|2");

        // The original's tables stay, whole, in schema original until the operator drops it.
        assertThat(rows(eventstoreDb, "SELECT count(*) FROM original.events")).containsExactly("13");
        assertThat(rows(ordersDb, "SELECT (SELECT count(*) FROM original.orders) + (SELECT count(*) FROM original.orderitems)"))
                .containsExactly("11");
        assertThat(flyway(eventstoreDb, "db/eventstore").validateWithResult().validationSuccessful).isTrue();

        // The service user reads what the services read.
        assertThat(rows(eventstoreDb, "SELECT has_table_privilege('" + user + "', 'public.events', 'SELECT,INSERT')"))
                .containsExactly("t");

        List<String> logBefore = rows(eventstoreDb, "SELECT * FROM public.events ORDER BY id");
        List<String> ordersBefore = rows(ordersDb, "SELECT * FROM public.orders ORDER BY id");

        RunResult second = run();

        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out()).doesNotContain("adopted");
        assertThat(second.outLines()).contains(
                "schema " + eventstoreDb + ": up to date (version " + esVersion + ")",
                "schema " + ordersDb + ": up to date (version " + Migrations.latestVersion("db/orders") + ")");
        assertThat(rows(eventstoreDb, "SELECT * FROM public.events ORDER BY id")).isEqualTo(logBefore);
        assertThat(rows(ordersDb, "SELECT * FROM public.orders ORDER BY id")).isEqualTo(ordersBefore);
        assertThat(rows(ordersDb, "SELECT count(*) FROM public.orderitems")).containsExactly("6");
    }

    /** Moved aside, one table of two: the next run moves the other and completes. */
    @Test
    void anAdoptionInterruptedBetweenTwoMovesCompletes() {
        fillOriginal();
        exec(ordersDb, "CREATE SCHEMA original", "ALTER TABLE public.orders SET SCHEMA original");

        RunResult result = run();

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.outLines()).contains("schema " + ordersDb + ": adopted the original's orders (5 orders, 6 items), migrated to version "
                + Migrations.latestVersion("db/orders"));
        assertThat(rows(ordersDb, "SELECT count(*) FROM public.orderitems")).containsExactly("6");
    }

    /**
     * Interrupted after our migrations and before the copy (here: the copy fails on a row our log
     * refuses, and the operator fixes it): nothing was copied, and the next run copies it all.
     */
    @Test
    void anAdoptionInterruptedBeforeTheCopyCompletesOnTheNextRun() {
        fillOriginal();
        exec(eventstoreDb, "UPDATE events SET stream = NULL WHERE id = 'e05'");

        RunResult failed = run();

        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.errLines()).singleElement().asString()
                .startsWith("bootstrapper: cannot adopt " + eventstoreDb + ": cannot copy the original's events as " + PG_ADMIN + ": ")
                .contains("stream").endsWith("run the bootstrapper again to complete it");
        assertThat(rows(eventstoreDb, "SELECT count(*) FROM public.events")).containsExactly("0");
        assertThat(rows(eventstoreDb, "SELECT last_position FROM public.log_position")).containsExactly("0");

        exec(eventstoreDb, "UPDATE original.events SET stream = 'ORDERS' WHERE id = 'e05'");
        RunResult second = run();

        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.outLines()).contains("schema " + eventstoreDb
                + ": adopted the original's events (13 events, positions 1..13), up to date (version "
                + Migrations.latestVersion("db/eventstore") + ")");
        assertThat(rows(eventstoreDb, "SELECT count(*) FROM public.events")).containsExactly("13");
        assertThat(rows(eventstoreDb, "SELECT last_position FROM public.log_position")).containsExactly("13");
        assertThat(run().out()).doesNotContain("adopted");
    }

    @Test
    void aDatabaseThatIsNotTheOriginalsIsRefusedAndLeftAlone() {
        exec(eventstoreDb, OriginalDatabases.EVENTS, "ALTER TABLE events ADD COLUMN extra TEXT",
                "ALTER TABLE events DROP COLUMN stream", "CREATE TABLE audit (id TEXT)");
        OriginalDatabases.insertEvents(eventstoreDb, List.of());
        exec(eventstoreDb, "INSERT INTO events (id, eventtype, aggregateid, aggregatetype) VALUES ('x', 't', 'a', 'order')");
        List<String> tablesBefore = tables(eventstoreDb);

        RunResult result = run();

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.errLines()).containsExactly("bootstrapper: cannot adopt " + eventstoreDb
                + ": its tables are not the original's, and it has no Flyway history"
                + " (table events: missing column stream, extra column extra; unknown table audit); nothing was changed");
        assertThat(tables(eventstoreDb)).isEqualTo(tablesBefore).doesNotContain("original.events");
        assertThat(rows(eventstoreDb, "SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'original'"))
                .containsExactly("0");
        assertThat(rows(eventstoreDb, "SELECT id FROM events")).containsExactly("x");
    }

    @Test
    void anOrdersDatabaseWithoutItsItemsTableIsRefused() {
        exec(ordersDb, OriginalDatabases.ORDERS);

        RunResult result = run();

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.errLines()).containsExactly("bootstrapper: cannot adopt " + ordersDb
                + ": its tables are not the original's, and it has no Flyway history (missing table orderitems); nothing was changed");
        assertThat(tables(ordersDb)).containsExactly("public.orders");
    }

    private void fillOriginal() {
        exec(eventstoreDb, OriginalDatabases.EVENTS);
        OriginalDatabases.insertEvents(eventstoreDb, EVENTS);
        exec(ordersDb, OriginalDatabases.ORDERS, OriginalDatabases.ORDER_ITEMS);
        OriginalDatabases.insertOrder(ordersDb, "o1", "c1", "Approved", "2026-11-20", 21, "p1", "p2");
        OriginalDatabases.insertOrder(ordersDb, "o2", "c2", "Pending", "2026-11-20", 21, "p1");
        // Items inserted in an order their codes do not sort in: the line numbers follow the inserts.
        OriginalDatabases.insertOrder(ordersDb, "o3", "c1", "Pending", "2026-11-21", 21, "p9", "p3");
        // The review worker's update hit no row: o4 stayed Pending although it was approved.
        OriginalDatabases.insertOrder(ordersDb, "o4", "c3", "Pending", "2026-11-21", 21);
        OriginalDatabases.insertOrder(ordersDb, "o5", "c3", "Approved", "2026-11-22", 42.5, "p5");
    }

    private static List<String> tables(String db) {
        return rows(db, "SELECT table_schema || '.' || table_name FROM information_schema.tables"
                + " WHERE table_schema IN ('public', 'original') ORDER BY 1");
    }

    private Flyway flyway(String db, String location) {
        return Flyway.configure(getClass().getClassLoader())
                .dataSource(TestServers.jdbcUrl(db), user, "")
                .locations("classpath:" + location)
                .loggers(QuietFlywayLog.class.getName())
                .load();
    }

    private RunResult run() {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("--nats-url", TestServers.NATS_URL);
        flags.put("--db-admin-url", TestServers.jdbcUrl("postgres"));
        flags.put("--db-admin-user", PG_ADMIN);
        flags.put("--stream", stream);
        flags.put("--db-user", user);
        flags.put("--eventstore-db", eventstoreDb);
        flags.put("--orders-db", ordersDb);
        flags.put("--payments-db", paymentsDb);
        flags.put("--saga-db", sagaDb);
        flags.put("--connect-timeout", "3");
        List<String> args = new ArrayList<>();
        flags.forEach((flag, value) -> args.addAll(List.of(flag, value)));
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = Bootstrapper.run(args.toArray(String[]::new), Map.of(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new RunResult(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}

package io.eventstream.e2e;

import io.eventstream.common.consumer.ConsumerSettings;
import io.eventstream.common.events.EventHeaders;
import io.eventstream.common.testing.TestInfra;
import io.nats.client.JetStream;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The fault suite's system and its runner: a PostgreSQL and a nats-server of its own (so that
 * restarting them disturbs nobody), a stream and databases made by the bootstrapper, every
 * service as a process, and a steady load of orders. {@link #run} runs one scenario: load,
 * fault, recovery, then every check of {@link Invariants} on everything that happened so far.
 */
final class FaultSuite implements AutoCloseable {

    static final String EVENTSTORE = "eventstore-service";
    static final String ORDER_SERVICE = "order-service";
    static final String PAYMENT_WORKER = "payment-worker";
    static final String REVIEW_WORKER = "review-worker";
    static final String QUERYMODEL_WORKER = "querymodel-worker";
    static final String SAGA_COORDINATOR = "saga-coordinator";

    /** The durable consumers on the stream (their names in the dead-letter headers). */
    static final String PAYMENT = "payment-worker";
    static final String REFUNDS = "payment-worker-refunds";
    static final String QUERY_MODEL = "query-model-worker";
    static final String REVIEW = "review-worker";
    static final String SAGA = "saga-coordinator";
    static final List<String> CONSUMERS = List.of(PAYMENT, REFUNDS, QUERY_MODEL, REVIEW, SAGA);

    /**
     * The workers' AckWait: the shipped default, as users run it (issue 16: the suite once ran
     * payment-worker with 3 s and missed that the shipped 30 s let the deadline cancel orders).
     */
    static final Duration ACK_WAIT = ConsumerSettings.DEFAULT_ACK_WAIT;
    static final Duration WARM_UP = Duration.ofSeconds(3);
    static final Duration LOAD_AFTER_HEAL = Duration.ofSeconds(5);
    static final Duration RESTART_AFTER = Duration.ofSeconds(3);
    static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(240);
    private static final int CLIENTS = 4;
    private static final Set<String> TERMINAL_LABELS = Set.of("Approved", "Rejected", "Cancelled");

    /**
     * What a scenario did, when it was healed, (for injections that can go wrong) a check of its
     * own, and for a restart: when the process or server was started again and, per durable
     * consumer, the last stream sequence it had been sent when the fault struck (what the dead
     * process held is at most that).
     */
    record Fault(String what, long healedNanos, Check check, Long restartedNanos, Map<String, Long> heldUpTo) {
        Fault(String what) {
            this(what, System.nanoTime(), null);
        }

        Fault(String what, long healedNanos, Check check) {
            this(what, healedNanos, check, null, Map.of());
        }
    }

    /**
     * One scenario's row; {@code held} is from the restart until every message held at the fault
     * was acked, {@code heldAfterReady} the part of it after the restarted process was ready.
     */
    record Result(FaultScenario scenario, SteadyLoad.Window window, Duration recovery, Duration held,
                  Duration heldAfterReady, Duration drain, List<Check> checks) {
        boolean passed() {
            return checks.stream().allMatch(Check::passed);
        }
    }

    private final PrivatePostgres postgres;
    private final PrivateNats nats;
    private final Suite suite;
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private final SteadyLoad load;
    private final Invariants invariants;
    private final StreamChecks streams;
    private final Map<Long, Set<String>> expectedDeadLetters = new TreeMap<>();
    private final Set<Long> injected = new HashSet<>();

    private FaultSuite(Path runDir, PrivatePostgres postgres, PrivateNats nats, Suite suite, double rate) {
        this.postgres = postgres;
        this.nats = nats;
        this.suite = suite;
        this.invariants = new Invariants(suite);
        this.streams = new StreamChecks(suite);
        int grpc = TestInfra.freePort();
        int orderPort = TestInfra.freePort();
        services.put(EVENTSTORE, suite.eventStore("faults-eventstore", grpc));
        services.put(QUERYMODEL_WORKER, suite.service("querymodel-worker", "faults-querymodel-worker",
                TestInfra.freePort(), grpc));
        services.put(PAYMENT_WORKER, suite.service("payment-worker", "faults-payment-worker", TestInfra.freePort(), grpc,
                "--eventstream.payment.opening-credit=" + SteadyLoad.OPENING_CREDIT));
        services.put(REVIEW_WORKER, suite.service("review-worker", "faults-review-worker", TestInfra.freePort(), grpc,
                "--eventstream.review.closed-restaurants=" + SteadyLoad.CLOSED_RESTAURANT));
        services.put(SAGA_COORDINATOR, suite.service("saga-coordinator", "faults-saga-coordinator",
                TestInfra.freePort(), grpc));
        services.put(ORDER_SERVICE, suite.service("order-service", "faults-order-service", orderPort, grpc));
        this.load = new SteadyLoad(orderPort, rate, CLIENTS, runDir.getFileName().toString(), suite::bearer);
    }

    /** Starts the servers, bootstraps, starts every service and waits until each is ready. */
    static FaultSuite start(Path runDir, double rate) throws Exception {
        Files.createDirectories(runDir);
        for (String name : List.of("eventstore", "order-service", "payment-worker", "review-worker",
                "querymodel-worker", "saga-coordinator")) {
            Files.deleteIfExists(Path.of("target", "e2e-logs", "faults-" + name + ".log")); // the logs of this run only
        }
        PrivatePostgres postgres = PrivatePostgres.start(runDir.resolve("postgresql"));
        PrivateNats nats = null;
        try {
            nats = PrivateNats.start(runDir.resolve("nats"));
            Suite suite = Suite.bootstrap(postgres.infra(nats.url()));
            FaultSuite faults = new FaultSuite(runDir, postgres, nats, suite, rate);
            faults.services.get(EVENTSTORE).start();
            for (ServiceProcess p : faults.services.values()) {
                if (p != faults.services.get(EVENTSTORE)) {
                    p.launch();
                }
            }
            for (ServiceProcess p : faults.services.values()) {
                p.awaitReady();
            }
            return faults;
        } catch (Exception e) {
            if (nats != null) {
                nats.close();
            }
            postgres.close();
            throw e;
        }
    }

    /** Load, fault, recovery, checks. */
    Result run(FaultScenario scenario) throws Exception {
        load.start();
        Thread.sleep(WARM_UP.toMillis());
        Fault fault = scenario.injection.inject(this);
        Set<String> atHeal = ordersInLog();
        Duration recovery = null;
        Duration held = null;
        long loadUntil = fault.healedNanos() + LOAD_AFTER_HEAL.toNanos();
        while (System.nanoTime() < loadUntil) {
            if (recovery == null && allTerminal(atHeal)) {
                recovery = since(fault.healedNanos());
            }
            if (held == null && fault.restartedNanos() != null && heldHandled(fault.heldUpTo())) {
                held = since(fault.restartedNanos());
            }
            Thread.sleep(200);
        }
        SteadyLoad.Window window = load.stop();
        long stopped = System.nanoTime();
        String unsettled = awaitSettled();
        if (recovery == null && allTerminal(atHeal)) {
            recovery = since(fault.healedNanos());
        }
        if (held == null && fault.restartedNanos() != null && heldHandled(fault.heldUpTo())) {
            held = since(fault.restartedNanos()); // an upper bound: only known once at rest
        }
        Duration drain = since(stopped);
        Thread.sleep(1_000); // let a late redelivery or deadline surface before counting

        List<Check> checks = new ArrayList<>();
        checks.add(clients(window));
        checks.add(fault.check() != null ? fault.check() : Check.pass("fault", fault.what()));
        checks.add(unsettled == null ? Check.pass("settled", "in " + seconds(drain))
                : Check.fail("settled", unsettled));
        EventLog log = EventLog.read(suite);
        checks.add(invariants.terminal(log, load.accepted()));
        checks.add(invariants.once(log));
        checks.add(streams.published(log, injected));
        checks.add(invariants.readModel(log));
        checks.add(invariants.money(log));
        checks.add(streams.deadLetters(expectedDeadLetters));
        checks.add(noDeadlineCancels());
        Duration afterReady = held == null ? null
                : held.minus(Duration.ofNanos(fault.healedNanos() - fault.restartedNanos()));
        return new Result(scenario, window, recovery, held, afterReady, drain, checks);
    }

    private static Check clients(SteadyLoad.Window window) {
        List<String> problems = new ArrayList<>();
        window.failures.forEach((kind, n) -> {
            if (kind.startsWith("unexpected")) {
                problems.add(n + " answers " + kind.substring("unexpected ".length()));
            }
        });
        if (window.abandoned.get() > 0) {
            problems.add(window.abandoned.get() + " orders given up after retrying for 180 s");
        }
        return Check.of("clients", problems, "every order accepted in the end");
    }

    // ---- faults --------------------------------------------------------------------------

    Fault noFault() {
        return new Fault("none");
    }

    /** SIGKILL while orders flow, a pause, then a start that waits for readiness. */
    Fault killAndRestart(String role) throws Exception {
        return killAndRestart(role, RESTART_AFTER);
    }

    Fault killAndRestart(String role, Duration restartAfter) throws Exception {
        ServiceProcess p = services.get(role);
        awaitFlowingOrders();
        long pid = p.pid();
        Map<String, Long> held = delivered();
        long killed = System.nanoTime();
        p.kill();
        Thread.sleep(restartAfter.toMillis());
        p.launch();
        long restarted = System.nanoTime();
        p.awaitReady();
        return new Fault("SIGKILL " + role + " (pid " + pid + "), started again " + seconds(restartAfter)
                + " later, ready " + seconds(since(restarted)) + " after that", System.nanoTime(), null, restarted,
                held);
    }

    /** SIGTERM while orders flow (a graceful stop: what it holds is finished or handed back), then a start. */
    Fault stopAndRestart(String role) throws Exception {
        ServiceProcess p = services.get(role);
        awaitFlowingOrders();
        long pid = p.pid();
        Map<String, Long> held = delivered();
        Duration stopping = p.terminate();
        Thread.sleep(RESTART_AFTER.toMillis());
        p.launch();
        long restarted = System.nanoTime();
        p.awaitReady();
        return new Fault("SIGTERM " + role + " (pid " + pid + "), exited " + seconds(stopping) + " later, started again "
                + seconds(RESTART_AFTER) + " after that, ready " + seconds(since(restarted)) + " after the start",
                System.nanoTime(), null, restarted, held);
    }

    Fault restartNats(boolean kill) throws Exception {
        awaitFlowingOrders();
        Map<String, Long> held = delivered();
        long down = System.nanoTime();
        if (kill) {
            nats.kill();
        } else {
            nats.stop();
        }
        Thread.sleep(RESTART_AFTER.toMillis());
        nats.launch();
        long restarted = System.nanoTime();
        nats.awaitJetStream(suite.stream, Duration.ofSeconds(60));
        return new Fault("nats-server " + (kill ? "SIGKILL" : "SIGTERM") + ", JetStream back "
                + seconds(since(down)) + " later", System.nanoTime(), null, restarted, held);
    }

    Fault restartPostgres() throws Exception {
        awaitFlowingOrders();
        Map<String, Long> held = delivered();
        long down = System.nanoTime();
        postgres.crashAndRestart();
        // pg_ctl restart starts the server again at once: time from the crash.
        return new Fault("pg_ctl restart -m immediate, accepting again " + seconds(since(down)) + " later",
                System.nanoTime(), null, down, held);
    }

    Fault pausePaymentWorker() throws Exception {
        ServiceProcess p = services.get(PAYMENT_WORKER);
        awaitFlowingOrders();
        Duration pause = ACK_WAIT.multipliedBy(3).plusSeconds(1);
        p.signal("STOP");
        try {
            Thread.sleep(pause.toMillis());
        } finally {
            p.signal("CONT");
        }
        return new Fault("SIGSTOP payment-worker (pid " + p.pid() + ") for " + seconds(pause) + ", AckWait "
                + seconds(ACK_WAIT) + " (the default), then SIGCONT");
    }

    /**
     * Messages no consumer can handle, each with the consumers that must dead-letter it: every
     * consumer of its subject, except that the read model acks and ignores an event type it does
     * not know, and the saga has nothing to do for an order id without history.
     */
    Fault publishPoison() throws Exception {
        String s = suite.stream;
        String order = "poison-" + UUID.randomUUID();
        Headers lying = new Headers()
                .put(EventHeaders.MSG_ID, order + "-created")
                .put(EventHeaders.EVENT_ID, order + "-created")
                .put(EventHeaders.EVENT_TYPE, s + ".created")
                .put(EventHeaders.AGGREGATE_ID, order)
                .put(EventHeaders.AGGREGATE_TYPE, "order")
                .put(EventHeaders.AGGREGATE_VERSION, "1");
        List<String> published = new ArrayList<>();
        try (var nc = suite.infra.natsConnection()) {
            JetStream js = nc.jetStream();
            published.add(poison(js, s + ".created", null, "this is not JSON {", PAYMENT, QUERY_MODEL, SAGA));
            published.add(poison(js, s + ".paymentdebited", null, "{\"OrderID\":42}", REVIEW, QUERY_MODEL, SAGA));
            published.add(poison(js, s + ".refundrequested", null, "{}", REFUNDS, QUERY_MODEL, SAGA));
            published.add(poison(js, s + ".bogus", null, "{\"x\":1}", SAGA));
            published.add(poison(js, s + ".created", lying,
                    "{\"order_id\":\"someone-else\",\"customer_id\":\"c-poison\",\"amount\":\"ten\"}", PAYMENT,
                    QUERY_MODEL));
        }
        return new Fault(published.size() + " poison messages: " + String.join("; ", published));
    }

    private String poison(JetStream js, String subject, Headers headers, String body, String... deadLetteredBy)
            throws Exception {
        PublishAck ack = js.publish(NatsMessage.builder().subject(subject).headers(headers)
                .data(body.getBytes(StandardCharsets.UTF_8)).build());
        injected.add(ack.getSeqno());
        expectedDeadLetters.put(ack.getSeqno(), Set.of(deadLetteredBy));
        return "#" + ack.getSeqno() + " " + subject.substring(suite.stream.length() + 1)
                + (headers == null ? " (no headers)" : " (headers of another order)") + " → " + String.join(", ",
                deadLetteredBy);
    }

    /**
     * Every event of two settled orders (one Approved, one with a refund) published again as
     * the event store published it: once with the same Nats-Msg-Id (JetStream's duplicate window
     * must absorb it) and once with a new one, which reaches every consumer: their idempotency
     * is what is tested.
     */
    Fault publishDuplicates() throws Exception {
        EventLog log = EventLog.read(suite);
        Map<String, Message> recent = recentMessages(1500);
        List<String> chosen = new ArrayList<>();
        for (String wanted : List.of("approved", "refunded")) {
            for (String id : log.byOrder().keySet()) {
                List<String> types = log.types(id);
                boolean fits = wanted.equals("approved") ? "approved".equals(log.terminal(id))
                        : types.contains("paymentrefunded") && log.terminal(id) != null;
                if (fits && !chosen.contains(id)
                        && log.byOrder().get(id).stream().allMatch(e -> recent.containsKey(e.id()))) {
                    chosen.add(id);
                    break;
                }
            }
        }
        if (chosen.size() < 2) {
            return new Fault("no duplicates", System.nanoTime(), Check.fail("fault",
                    "found no settled Approved and refunded orders among the last 1500 messages"));
        }
        int events = 0;
        List<Long> notAbsorbed = new ArrayList<>();
        try (var nc = suite.infra.natsConnection()) {
            JetStream js = nc.jetStream();
            for (String orderId : chosen) {
                for (EventLog.Stored e : log.byOrder().get(orderId)) {
                    Message original = recent.get(e.id());
                    events++;
                    PublishAck same = js.publish(copy(original, e.id()));
                    if (!same.isDuplicate()) {
                        notAbsorbed.add(same.getSeqno());
                        injected.add(same.getSeqno());
                    }
                    PublishAck renamed = js.publish(copy(original, "dup-" + e.id()));
                    injected.add(renamed.getSeqno());
                }
            }
        }
        String what = events + " events of orders " + chosen + " published twice more: same Nats-Msg-Id ("
                + (events - notAbsorbed.size()) + " absorbed by JetStream), new Nats-Msg-Id (" + events + " delivered)";
        return new Fault(what, System.nanoTime(), notAbsorbed.isEmpty() ? Check.pass("fault", what)
                : Check.fail("fault", "same-id republishes stored again at " + notAbsorbed));
    }

    private static NatsMessage copy(Message original, String msgId) {
        Headers headers = new Headers(original.getHeaders());
        headers.put(EventHeaders.MSG_ID, msgId);
        return NatsMessage.builder().subject(original.getSubject()).headers(headers).data(original.getData()).build();
    }

    /** The last {@code count} messages of the stream by Nats-Msg-Id, as published. */
    private Map<String, Message> recentMessages(int count) throws Exception {
        Map<String, Message> byId = new HashMap<>();
        try (var nc = suite.infra.natsConnection()) {
            long last = nc.jetStreamManagement().getStreamInfo(suite.stream).getStreamState().getLastSequence();
            JetStreamSubscription sub = nc.jetStream().subscribe(suite.stream + ".*", PushSubscribeOptions.builder()
                    .ordered(true).configuration(ConsumerConfiguration.builder()
                            .deliverPolicy(DeliverPolicy.ByStartSequence)
                            .startSequence(Math.max(1, last - count + 1)).build()).build());
            try {
                while (true) {
                    Message m = sub.nextMessage(Duration.ofSeconds(10));
                    if (m == null) {
                        break;
                    }
                    String id = m.getHeaders() == null ? null : m.getHeaders().getFirst(EventHeaders.MSG_ID);
                    if (id != null && !injected.contains(m.metaData().streamSequence())) {
                        byId.put(id, m);
                    }
                    if (m.metaData().streamSequence() >= last) {
                        break;
                    }
                }
            } finally {
                sub.unsubscribe();
            }
        }
        return byId;
    }

    /** Strikes while orders are flowing: one was accepted within the last second. */
    private void awaitFlowingOrders() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() - load.lastAcceptedNanos() > 1_000_000_000L && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    // ---- recovery ------------------------------------------------------------------------

    /** Per durable consumer, the stream sequence of the last message the server had sent it. */
    private Map<String, Long> delivered() throws Exception {
        Map<String, Long> last = new HashMap<>();
        try (var nc = suite.infra.natsConnection()) {
            var jsm = nc.jetStreamManagement();
            for (String consumer : CONSUMERS) {
                last.put(consumer, jsm.getConsumerInfo(suite.stream, consumer).getDelivered().getStreamSequence());
            }
        }
        return last;
    }

    /** True once each consumer's ack floor has passed what it had been sent at the fault. */
    private boolean heldHandled(Map<String, Long> heldUpTo) {
        try (var nc = suite.infra.natsConnection()) {
            var jsm = nc.jetStreamManagement();
            for (Map.Entry<String, Long> e : heldUpTo.entrySet()) {
                if (jsm.getConsumerInfo(suite.stream, e.getKey()).getAckFloor().getStreamSequence() < e.getValue()) {
                    return false;
                }
            }
            return true;
        } catch (Exception notNow) {
            return false;
        }
    }

    /** The outcome rule of issue 16: a fault that is healed cancels no order by the saga's deadline. */
    private Check noDeadlineCancels() throws SQLException {
        long cancelled = count(suite.eventstoreDb, "SELECT count(*) FROM events WHERE eventtype = '" + suite.stream
                + ".cancelrequested' AND eventdata->>'Reason' LIKE 'not completed within%'");
        return cancelled == 0 ? Check.pass("deadline", "no order cancelled by the deadline")
                : Check.fail("deadline", cancelled + " orders cancelled by the saga's deadline");
    }

    private Set<String> ordersInLog() throws SQLException {
        Set<String> ids = new HashSet<>();
        try (Connection c = suite.infra.admin(suite.eventstoreDb); var s = c.prepareStatement(
                "SELECT DISTINCT aggregateid FROM events WHERE eventtype = ?")) {
            s.setString(1, suite.stream + ".created");
            try (var rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    private boolean allTerminal(Set<String> ids) {
        if (ids.isEmpty()) {
            return true;
        }
        try (Connection c = suite.infra.admin(suite.ordersDb); var s = c.prepareStatement(
                "SELECT count(*) FROM orders WHERE id = ANY(?) AND status IN ('Approved', 'Rejected', 'Cancelled')")) {
            s.setArray(1, c.createArrayOf("text", ids.toArray()));
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1) == ids.size();
            }
        } catch (SQLException notNow) {
            return false;
        }
    }

    /**
     * Waits until the system is at rest: every order of the log has a terminal event and shows a
     * terminal status in the read model, the outbox is empty, every requested refund is done,
     * and every durable consumer has handled (or dead-lettered) every message. Returns null, or
     * what is still not at rest after the timeout.
     */
    private String awaitSettled() throws InterruptedException {
        long started = System.nanoTime();
        long deadline = started + SETTLE_TIMEOUT.toNanos();
        long nextReport = started + Duration.ofSeconds(5).toNanos();
        String state = "not checked";
        while (System.nanoTime() < deadline) {
            try {
                state = unsettled();
                if (state == null) {
                    return null;
                }
            } catch (Exception e) {
                state = "cannot read: " + e;
            }
            if (System.nanoTime() > nextReport) {
                System.out.println("faults: not at rest after " + seconds(since(started)) + ": " + state);
                nextReport += Duration.ofSeconds(5).toNanos();
            }
            Thread.sleep(500);
        }
        return "after " + seconds(SETTLE_TIMEOUT) + ": " + state;
    }

    private String unsettled() throws Exception {
        String s = suite.stream;
        List<String> open = new ArrayList<>();
        long orders = count(suite.eventstoreDb, "SELECT count(DISTINCT aggregateid) FROM events WHERE eventtype = '"
                + s + ".created'");
        long ended = count(suite.eventstoreDb, "SELECT count(DISTINCT aggregateid) FROM events WHERE eventtype IN ('"
                + s + ".approved', '" + s + ".rejected', '" + s + ".cancelled')");
        long shown = count(suite.ordersDb,
                "SELECT count(*) FROM orders WHERE status IN ('Approved', 'Rejected', 'Cancelled')");
        if (ended != orders || shown != orders) {
            open.add(orders + " orders, " + ended + " with a terminal event, " + shown + " terminal in the read model");
        }
        long outbox = count(suite.eventstoreDb, "SELECT count(*) FROM outbox");
        if (outbox > 0) {
            open.add(outbox + " events in the outbox");
        }
        long refunds = count(suite.eventstoreDb, "SELECT count(*) FROM events r WHERE r.eventtype = '" + s
                + ".refundrequested' AND NOT EXISTS (SELECT 1 FROM events p WHERE p.aggregateid = r.aggregateid"
                + " AND p.eventtype = '" + s + ".paymentrefunded')");
        if (refunds > 0) {
            open.add(refunds + " refunds open");
        }
        try (var nc = suite.infra.natsConnection()) {
            var jsm = nc.jetStreamManagement();
            for (String consumer : CONSUMERS) {
                ConsumerInfo info = jsm.getConsumerInfo(s, consumer);
                if (info.getNumPending() > 0 || info.getNumAckPending() > 0) {
                    open.add(consumer + " " + info.getNumPending() + " pending, " + info.getNumAckPending()
                            + " unacked");
                }
            }
        }
        return open.isEmpty() ? null : String.join("; ", open);
    }

    private long count(String database, String sql) throws SQLException {
        try (Connection c = suite.infra.admin(database); var rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static Duration since(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos);
    }

    static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    @Override
    public void close() throws Exception {
        try {
            if (services.containsKey(PAYMENT_WORKER)) {
                try {
                    services.get(PAYMENT_WORKER).signal("CONT"); // never leave a frozen process behind
                } catch (Exception notRunning) {
                    // fine
                }
            }
            load.stop();
            suite.close();
        } finally {
            try {
                nats.close();
            } finally {
                postgres.close();
            }
        }
    }
}

package io.eventstream.e2e;

import io.eventstream.common.consumer.ConsumerSettings;
import io.eventstream.common.testing.TestInfra;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fault suite's system and its runner: a PostgreSQL and a nats-server of its own (so that
 * restarting them disturbs nobody), a stream and databases made by the bootstrapper, every
 * service as a process, and a steady load of orders. {@link #run} runs one scenario: load,
 * fault, recovery, then every check of {@link Invariants} on everything that happened so far.
 * The faults are {@link ProcessFaults} and {@link MessageFaults}; what is read of the system
 * after them, {@link FaultRecovery}.
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
    private final FaultRecovery afterFault;
    // what FaultScenario's injections call: the runner is the same whatever the fault
    final ProcessFaults processes;
    final MessageFaults messages;

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
        this.afterFault = new FaultRecovery(suite);
        this.processes = new ProcessFaults(suite, services, postgres, nats, load);
        this.messages = new MessageFaults(suite);
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
        Set<String> atHeal = afterFault.ordersInLog();
        Duration recovery = null;
        Duration held = null;
        long loadUntil = fault.healedNanos() + LOAD_AFTER_HEAL.toNanos();
        while (System.nanoTime() < loadUntil) {
            if (recovery == null && afterFault.allTerminal(atHeal)) {
                recovery = since(fault.healedNanos());
            }
            if (held == null && fault.restartedNanos() != null && afterFault.heldHandled(fault.heldUpTo())) {
                held = since(fault.restartedNanos());
            }
            Thread.sleep(200);
        }
        SteadyLoad.Window window = load.stop();
        long stopped = System.nanoTime();
        String unsettled = afterFault.awaitSettled();
        if (recovery == null && afterFault.allTerminal(atHeal)) {
            recovery = since(fault.healedNanos());
        }
        if (held == null && fault.restartedNanos() != null && afterFault.heldHandled(fault.heldUpTo())) {
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
        checks.add(streams.published(log, messages.injected));
        checks.add(invariants.readModel(log));
        checks.add(invariants.money(log));
        checks.add(streams.deadLetters(messages.expectedDeadLetters));
        checks.add(afterFault.noDeadlineCancels());
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

    /** The baseline's: the same load, wait and checks with nothing injected, so they are seen to hold to begin with. */
    Fault noFault() {
        return new Fault("none");
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

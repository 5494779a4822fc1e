package io.eventstream.e2e;

import static io.eventstream.e2e.FaultSuite.ACK_WAIT;
import static io.eventstream.e2e.FaultSuite.CONSUMERS;
import static io.eventstream.e2e.FaultSuite.PAYMENT_WORKER;
import static io.eventstream.e2e.FaultSuite.RESTART_AFTER;
import static io.eventstream.e2e.FaultSuite.seconds;
import static io.eventstream.e2e.FaultSuite.since;

import io.eventstream.e2e.FaultSuite.Fault;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The fault suite's faults to processes: a service killed, stopped or frozen, nats-server or
 * PostgreSQL restarted, each while orders flow. Apart from the runner ({@link FaultSuite}), whose
 * load, wait and checks are the same whatever the fault, and from the faults that publish onto
 * the stream ({@link MessageFaults}), which touch no process.
 */
final class ProcessFaults {

    private final Suite suite;
    private final Map<String, ServiceProcess> services;
    private final PrivatePostgres postgres;
    private final PrivateNats nats;
    private final SteadyLoad load;

    ProcessFaults(Suite suite, Map<String, ServiceProcess> services, PrivatePostgres postgres, PrivateNats nats,
                  SteadyLoad load) {
        this.suite = suite;
        this.services = services;
        this.postgres = postgres;
        this.nats = nats;
        this.load = load;
    }

    // ---- faults --------------------------------------------------------------------------

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
}

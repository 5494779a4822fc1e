package io.eventstream.e2e;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The fault suite's scenarios, in the order the full suite runs them. Each injects one fault
 * into the running system under steady load and returns once the fault is healed (the process
 * is back, the server answers, the messages are published); the suite then waits for recovery
 * and checks every invariant.
 */
enum FaultScenario {

    BASELINE(false, "steady load, no fault: the checks hold to begin with", FaultSuite::noFault),
    KILL_EVENTSTORE(false, "SIGKILL of eventstore-service while it appends and publishes; restarted after 3 s",
            s -> s.processes.killAndRestart(FaultSuite.EVENTSTORE)),
    KILL_ORDER_SERVICE(false, "SIGKILL of order-service while clients post; restarted after 3 s",
            s -> s.processes.killAndRestart(FaultSuite.ORDER_SERVICE)),
    KILL_PAYMENT_WORKER(true, "SIGKILL of payment-worker while it debits and refunds; restarted after 3 s",
            s -> s.processes.killAndRestart(FaultSuite.PAYMENT_WORKER)),
    KILL_PAYMENT_WORKER_15S(false, "SIGKILL of payment-worker; restarted after 15 s, the longest outage issue 16"
            + " says must change no outcome",
            s -> s.processes.killAndRestart(FaultSuite.PAYMENT_WORKER, Duration.ofSeconds(15))),
    STOP_PAYMENT_WORKER(false, "SIGTERM of payment-worker (graceful stop) while it debits and refunds; started"
            + " again after 3 s", s -> s.processes.stopAndRestart(FaultSuite.PAYMENT_WORKER)),
    KILL_REVIEW_WORKER(false, "SIGKILL of review-worker; restarted after 3 s",
            s -> s.processes.killAndRestart(FaultSuite.REVIEW_WORKER)),
    KILL_QUERYMODEL_WORKER(false, "SIGKILL of querymodel-worker; restarted after 3 s",
            s -> s.processes.killAndRestart(FaultSuite.QUERYMODEL_WORKER)),
    KILL_SAGA_COORDINATOR(false, "SIGKILL of saga-coordinator; restarted after 3 s",
            s -> s.processes.killAndRestart(FaultSuite.SAGA_COORDINATOR)),
    RESTART_NATS(true, "nats-server stopped (SIGTERM) and started again on its store after 3 s",
            s -> s.processes.restartNats(false)),
    KILL_NATS(false, "nats-server killed (SIGKILL) and started again on its store after 3 s",
            s -> s.processes.restartNats(true)),
    RESTART_POSTGRES(true, "PostgreSQL crashed (pg_ctl restart -m immediate: no checkpoint, WAL replay)",
            s -> s.processes.restartPostgres()),
    PAUSE_PAYMENT_WORKER(false, "payment-worker frozen with SIGSTOP for 16 s (3 x its AckWait of 5 s + 1 s), then"
            + " SIGCONT",
            s -> s.processes.pausePaymentWorker()),
    POISON(true, "poison messages published straight onto the stream's subjects",
            s -> s.messages.publishPoison()),
    DUPLICATE(true, "real, processed events published again: same Nats-Msg-Id, and a new one",
            s -> s.messages.publishDuplicates());

    /** Injects the fault and returns when it is healed. */
    @FunctionalInterface
    interface Injection {
        FaultSuite.Fault inject(FaultSuite suite) throws Exception;
    }

    final boolean inShort;
    final String description;
    final Injection injection;

    FaultScenario(boolean inShort, String description, Injection injection) {
        this.inShort = inShort;
        this.description = description;
        this.injection = injection;
    }

    /** "kill-eventstore" */
    String title() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** "short", "full", or titles separated by commas (e.g. "poison,duplicate"). */
    static List<FaultScenario> parse(String which) {
        String w = which == null || which.isBlank() ? "short" : which.trim().toLowerCase(Locale.ROOT);
        return switch (w) {
            case "short" -> Arrays.stream(values()).filter(s -> s.inShort).toList();
            case "full" -> List.of(values());
            default -> Arrays.stream(w.split(",")).map(String::trim).map(t -> Arrays.stream(values())
                    .filter(s -> s.title().equals(t)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown scenario " + t + "; known: "
                            + Arrays.stream(values()).map(FaultScenario::title).toList()))).toList();
        };
    }
}

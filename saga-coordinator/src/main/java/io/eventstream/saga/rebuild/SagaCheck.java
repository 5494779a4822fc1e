package io.eventstream.saga.rebuild;

import io.eventstream.saga.process.OrderProcess;
import io.eventstream.saga.process.Step;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code --verify}: compares sagadb with what the event store's log implies, order by order. The log
 * is read from the start (in pages, as the rebuild reads it); each order's steps are the log's events
 * of that order by version (a later one at the same version replaces an earlier, as in the rebuild),
 * and its row is what {@link OrderProcess} derives from them: state, reason, customer, amount, version.
 * Every difference is reported: a row or step only in sagadb, only in the log, or different.
 *
 * <p>On a running system the coordinator goes on appending and recording; when they differ the check
 * follows the log to its new end and compares again ({@code retries} times, {@code pause} apart) before
 * it reports. The log is held in memory (its steps, per order): a check of a very large log needs the heap.
 */
public final class SagaCheck {

    /** One difference, printed as it is. */
    public record Difference(String orderId, String what) {
        @Override
        public String toString() {
            return "order " + orderId + ": " + what;
        }
    }

    private final RebuildLog log;
    private final SagaRows rows;
    private final Duration deadline;
    private final int pageSize;
    private final int retries;
    private final Duration pause;
    private final Map<String, TreeMap<Long, Step>> expected = new HashMap<>();
    private long position;

    public SagaCheck(RebuildLog log, SagaRows rows, Duration deadline, int pageSize, int retries, Duration pause) {
        this.log = log;
        this.rows = rows;
        this.deadline = deadline;
        this.pageSize = pageSize;
        this.retries = retries;
        this.pause = pause;
    }

    /** The differences left after the retries (empty: sagadb is what the log implies). */
    public List<Difference> run() throws InterruptedException {
        List<Difference> found = List.of();
        for (int attempt = 0; attempt <= retries; attempt++) {
            if (attempt > 0) {
                Thread.sleep(pause.toMillis());
            }
            readLogTo(log.end());
            found = compare();
            if (found.isEmpty()) {
                return found;
            }
        }
        return found;
    }

    /** The log position the last comparison was made at. */
    public long position() {
        return position;
    }

    private void readLogTo(long end) {
        while (position < end) {
            List<LoggedStep> page = log.after(position, pageSize);
            if (page.isEmpty()) {
                return;
            }
            for (LoggedStep event : page) {
                if (event.orderId() != null) {
                    expected.computeIfAbsent(event.orderId(), id -> new TreeMap<>()).put(event.step().version(), event.step());
                }
            }
            position = page.get(page.size() - 1).position();
        }
    }

    private List<Difference> compare() {
        Map<String, SagaRows.OrderRow> actualOrders = rows.orders();
        Map<String, Map<Long, SagaRows.StepRow>> actualSteps = rows.steps();
        TreeSet<String> ids = new TreeSet<>(expected.keySet());
        ids.addAll(actualOrders.keySet());
        ids.addAll(actualSteps.keySet());
        List<Difference> found = new ArrayList<>();
        for (String id : ids) {
            TreeMap<Long, Step> history = expected.getOrDefault(id, new TreeMap<>());
            SagaRows.OrderRow want = history.isEmpty() ? null : row(OrderProcess.of(id, List.copyOf(history.values()), deadline));
            SagaRows.OrderRow have = actualOrders.get(id);
            if (!same(want, have)) {
                found.add(new Difference(id, "saga_orders in sagadb " + have + ", the log implies " + want));
            }
            Map<Long, SagaRows.StepRow> haveSteps = actualSteps.getOrDefault(id, Map.of());
            TreeSet<Long> versions = new TreeSet<>(history.keySet());
            versions.addAll(haveSteps.keySet());
            for (long version : versions) {
                Step step = history.get(version);
                SagaRows.StepRow wantStep = step == null ? null : new SagaRows.StepRow(
                        step.kind() == null ? null : step.kind().suffix(), step.reason(), step.customerId(), step.amount());
                if (!same(wantStep, haveSteps.get(version))) {
                    found.add(new Difference(id, "saga_steps version " + version + " in sagadb " + haveSteps.get(version)
                            + ", the log implies " + wantStep));
                }
            }
        }
        return found;
    }

    private static SagaRows.OrderRow row(OrderProcess process) {
        return new SagaRows.OrderRow(process.state().label(), process.reason(),
                process.created().map(Step::customerId).orElse(null), process.created().map(Step::amount).orElse(null),
                process.version());
    }

    private static boolean same(SagaRows.OrderRow a, SagaRows.OrderRow b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.state().equals(b.state()) && Objects.equals(a.reason(), b.reason())
                && Objects.equals(a.customerId(), b.customerId()) && money(a.amount(), b.amount())
                && a.lastVersion() == b.lastVersion();
    }

    private static boolean same(SagaRows.StepRow a, SagaRows.StepRow b) {
        if (a == null || b == null) {
            return a == b;
        }
        return Objects.equals(a.kind(), b.kind()) && Objects.equals(a.reason(), b.reason())
                && Objects.equals(a.customerId(), b.customerId()) && money(a.amount(), b.amount());
    }

    /** sagadb keeps DECIMAL(14, 2): 21 in a body is 21.00 there. */
    private static boolean money(BigDecimal a, BigDecimal b) {
        return a == null || b == null ? a == b : a.compareTo(b) == 0;
    }
}

package io.eventstream.saga.process;

import io.eventstream.common.consumer.BatchCalls;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the orders of a batch of events together, deciding exactly as {@link Saga} does for
 * each event alone, in rounds instead of statements per event:
 *
 * <ol>
 *   <li>One transaction records every step of the round (the batch's events; later, the saga's
 *       own appended events and the histories read from the store), reads the recorded steps of
 *       those orders in the same statement, decides per order and saves the state of every
 *       order that has nothing left to do now.</li>
 *   <li>After the commit, the commands are appended concurrently (each in the span of its
 *       order's event), and the orders whose steps have a gap, or whose append was refused,
 *       have their history read from the event store.</li>
 *   <li>The next round records what that gave and decides again, until no order has anything
 *       left to do. In the common flow (nothing to append) a batch is one transaction.</li>
 * </ol>
 *
 * <p>Why the decisions are those of {@link Saga}: the batch's steps are recorded before the
 * read, so each order's view holds all of its events in the batch (an out-of-order pair within
 * one batch leaves no gap); a gap still means reading the store, and a history read from the
 * store is decided on as read; every append is at the version the decision saw, so a stale
 * view is refused and read again. The command of an order is caused by its event of the highest
 * version in the batch, the event that made the saga decide one by one too. Events without a
 * version are not for this class: the caller takes them one at a time.
 */
public class BatchSaga implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BatchSaga.class);

    private final OrderHistory history;
    private final SagaStore store;
    private final Duration deadline;
    private final Clock clock;
    private final ExecutorService calls;

    /**
     * @param calls runs the appends and reads of a round concurrently; shut down by {@link #close}
     */
    public BatchSaga(OrderHistory history, SagaStore store, Duration deadline, Clock clock, ExecutorService calls) {
        this.history = history;
        this.store = store;
        this.deadline = deadline;
        this.clock = clock;
        this.calls = calls;
    }

    /**
     * Advances every order of the batch; returns only when all of it is durable (recorded,
     * appended, saved), else throws.
     *
     * @return each order's process as it stands after the batch
     */
    public Map<String, OrderProcess> advance(List<Arrival> arrivals) throws Exception {
        Map<String, Arrival> triggers = new HashMap<>();
        Map<String, Map<Long, Step>> byOrder = new HashMap<>();
        for (Arrival arrival : arrivals) {
            // A version twice in the batch (a redelivery): the first is kept, as the table keeps it.
            byOrder.computeIfAbsent(arrival.orderId(), id -> new TreeMap<>())
                    .putIfAbsent(arrival.step().version(), arrival.step());
            triggers.merge(arrival.orderId(), arrival,
                    (first, next) -> next.step().version() > first.step().version() ? next : first);
        }
        Map<String, List<Step>> record = new HashMap<>();
        for (Map.Entry<String, Map<Long, Step>> order : byOrder.entrySet()) {
            record.put(order.getKey(), List.copyOf(order.getValue().values()));
        }
        Map<String, List<Step>> read = Map.of();
        Map<String, OrderProcess> done = new HashMap<>();
        for (int round = 1; ; round++) {
            Map<String, List<Step>> fromStore = read;
            Decisions decisions = store.recordAndDecide(record, fromStore, recorded -> decide(recorded, fromStore));
            done.putAll(decisions.settled());
            if (decisions.commands().isEmpty() && decisions.unread().isEmpty()) {
                return done;
            }
            if (round > Saga.MAX_STEPS) {
                Set<String> busy = new HashSet<>(decisions.commands().keySet());
                busy.addAll(decisions.unread());
                throw new IllegalStateException("orders " + busy + " kept changing; retried later");
            }
            record = new HashMap<>();
            read = new HashMap<>();
            for (Outcome outcome : carryOut(decisions, triggers)) {
                if (outcome.appended() != null) {
                    record.put(outcome.orderId(), List.of(outcome.appended()));
                } else {
                    read.put(outcome.orderId(), outcome.history());
                }
            }
        }
    }

    /** Per order: settled, a command, or a gap; a history read from the store is the truth and decided on as read. */
    private Decisions decide(Map<String, List<Step>> recorded, Map<String, List<Step>> fromStore) {
        Instant now = clock.instant();
        Map<String, List<Step>> views = new HashMap<>(recorded);
        views.putAll(fromStore);
        Map<String, OrderProcess> settled = new HashMap<>();
        Map<String, Decisions.Pending> commands = new HashMap<>();
        Set<String> unread = new HashSet<>();
        views.forEach((orderId, steps) -> {
            if (!fromStore.containsKey(orderId) && !Saga.isGapless(steps)) {
                unread.add(orderId);
                return;
            }
            OrderProcess process = OrderProcess.of(orderId, steps, deadline);
            process.next(now).ifPresentOrElse(
                    command -> commands.put(orderId, new Decisions.Pending(process, command)),
                    () -> settled.put(orderId, process));
        });
        return new Decisions(settled, commands, unread);
    }

    /** The round's appends and reads, all at once; waits for every one of them before it answers or throws. */
    private List<Outcome> carryOut(Decisions decisions, Map<String, Arrival> triggers) throws Exception {
        List<Future<Outcome>> running = new ArrayList<>();
        for (String orderId : decisions.unread()) {
            running.add(submit(triggers.get(orderId),
                    () -> new Outcome(orderId, null, reload(orderId, "a gap in the recorded steps"))));
        }
        decisions.commands().forEach((orderId, pending) -> {
            Arrival trigger = triggers.get(orderId);
            running.add(submit(trigger, () -> append(orderId, pending, trigger.causationId())));
        });
        return BatchCalls.awaitAll(running);
    }

    private Future<Outcome> submit(Arrival trigger, Callable<Outcome> work) {
        return calls.submit(() -> trigger.scope().call(work));
    }

    private Outcome append(String orderId, Decisions.Pending pending, String causationId) {
        Command command = pending.command();
        long version = pending.process().version();
        log.info("order {}: {} at version {} ({})", orderId, command.type(), version, command.reason());
        OptionalLong written = history.append(orderId, command, version, causationId);
        if (written.isPresent()) {
            return new Outcome(orderId, new Step(command.type().kind(), written.getAsLong(), command.reason(), null,
                    null, clock.instant()), null);
        }
        return new Outcome(orderId, null, reload(orderId, "the append was refused"));
    }

    private List<Step> reload(String orderId, String why) {
        log.debug("order {}: reading the history from the event store ({})", orderId, why);
        return history.load(orderId);
    }

    @Override
    public void close() {
        calls.shutdown();
    }

    /** What a round's call gave for an order: its appended event's step, or its history read from the store. */
    private record Outcome(String orderId, Step appended, List<Step> history) {
    }
}

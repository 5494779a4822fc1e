package io.eventstream.eventstore.append;

import io.eventstream.eventstore.append.BatchTransaction.Item;
import io.eventstream.eventstore.append.BatchTransaction.Result;
import io.eventstream.eventstore.db.Retrying;
import io.eventstream.eventstore.db.SqlErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends events with <b>group commit</b>: concurrent CreateEvent calls share one transaction,
 * so one commit (one WAL flush) and a few multi-row statements carry many events instead of one
 * transaction per event. On a small machine the per-transaction cost (round trips, statement
 * overhead, the flush) is what limits appends, not the rows.
 *
 * <p>How: {@link #append} validates the event on the caller's thread and puts it in a queue.
 * A writer thread takes whatever is waiting (at least one, at most {@code maxBatch}), appends
 * it all in one transaction ({@link BatchTransaction}: the events at their aggregates' next
 * versions and their outbox rows), commits, and only then answers each caller. No waiting to
 * fill a batch: while a writer commits, the next calls queue up, so the batch grows with the
 * load by itself and a lone caller pays nothing extra.
 *
 * <p>Every event keeps its own outcome, exactly as if it had been appended alone: a duplicate
 * (same id, same content) answers {@code duplicate} with the stored version, an id stored with
 * other content fails with {@link EventIdConflictException}, an expected version that is not
 * current with {@link VersionConflictException}; these never fail the batch's other events.
 * Events of one aggregate in a batch get consecutive versions in arrival order.
 *
 * <p>What fails the batch: SQLSTATE 40001 (CockroachDB's "retry the transaction") runs the
 * whole batch again; a database that cannot be reached fails every caller of the batch (the
 * gRPC layer answers UNAVAILABLE); any other error splits the batch and appends each event
 * alone, so one event that breaks a statement fails only itself.
 *
 * <p>Writers: {@code writers} threads, each with its own queue; an event goes to the queue of
 * its aggregate ({@code hash(aggregate id) % writers}), so an aggregate's events are always
 * appended by one writer, in arrival order, and never race each other for a version inside
 * this process. Two writers let one build a batch while the other waits for its commit.
 * Versions still race with other instances: {@code (aggregateid, version)} is unique, and
 * the loser goes again at the next version (see {@link BatchTransaction}).
 */
public class EventAppender implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EventAppender.class);

    /** A caller waiting for its event's commit. */
    private record Request(Item item, CompletableFuture<AppendOutcome> result) {
    }

    private final TransactionTemplate tx;
    private final BatchTransaction batchTransaction;
    private final EventValidator validator;
    private final Runnable afterCommit;
    private final int maxBatch;
    private final List<BlockingQueue<Request>> queues = new ArrayList<>();
    private final List<Thread> writers = new ArrayList<>();
    private final JsonMapper json = JsonMapper.builder().build();
    private final AtomicLong arrivals = new AtomicLong();
    private final DistributionSummary batchSizes;
    private volatile boolean stopped;
    private volatile boolean running;

    /**
     * @param writers       writer threads (each one database connection while it commits)
     * @param maxBatch      most events in one transaction
     * @param queueCapacity most events waiting per writer; more are refused (the store is overloaded)
     * @param afterCommit   called after each commit that stored new events (wakes the outbox relay up)
     */
    public EventAppender(JdbcTemplate jdbc, TransactionTemplate tx, EventValidator validator, int writers, int maxBatch,
                         int queueCapacity, Runnable afterCommit, MeterRegistry meters) {
        this.tx = tx;
        this.batchTransaction = new BatchTransaction(jdbc);
        this.validator = validator;
        this.afterCommit = afterCommit;
        this.maxBatch = maxBatch;
        this.batchSizes = DistributionSummary.builder("eventstore.append.batch")
                .description("Events per append transaction (group commit)").register(meters);
        for (int i = 0; i < writers; i++) {
            queues.add(new ArrayBlockingQueue<>(queueCapacity));
        }
    }

    /**
     * Queues the event for the next group commit. Bad input is refused at once
     * ({@link InvalidEventException}); the future completes after the commit. Events queued
     * before {@link #start()} wait for it (and make up the first batch).
     */
    public CompletableFuture<AppendOutcome> append(NewEvent event, OptionalLong expectedVersion) {
        validator.validate(event);
        if (expectedVersion.isPresent() && expectedVersion.getAsLong() < 0) {
            throw new InvalidEventException("expected_version must not be negative");
        }
        Item item = new Item(arrivals.getAndIncrement(), event, json.writeValueAsString(event.metadata()),
                expectedVersion.orElse(-1));
        Request request = new Request(item, new CompletableFuture<>());
        if (stopped) {
            throw new AppendRejectedException("the event store is stopping");
        }
        if (!queues.get(Math.floorMod(event.aggregateId().hashCode(), queues.size())).offer(request)) {
            throw new AppendRejectedException("too many appends waiting");
        }
        return request.result();
    }

    private void runWriter(BlockingQueue<Request> queue) {
        List<Request> batch = new ArrayList<>(maxBatch);
        while (true) {
            try {
                Request first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (!running) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                batchSizes.record(batch.size());
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failAll(batch, new AppendRejectedException("the event store is stopping"));
                return;
            } catch (RuntimeException e) {
                // commit() answers every caller itself; this is a bug, not a database failure.
                log.error("append writer failed", e);
                failAll(batch, e);
            } finally {
                batch.clear();
            }
        }
    }

    /** Appends the batch in one transaction and answers every caller after the commit. */
    private void commit(List<Request> batch) {
        Map<Item, Result> results;
        try {
            List<Item> items = batch.stream().map(Request::item).toList();
            results = Retrying.onSerializationFailure(() -> tx.execute(status -> batchTransaction.write(items)));
        } catch (RuntimeException e) {
            if (batch.size() > 1 && !SqlErrors.isUnavailable(e)) {
                log.warn("a batch of {} appends failed ({}); appending them one by one", batch.size(), e.toString());
                for (Request request : batch) {
                    commit(List.of(request));
                }
            } else {
                failAll(batch, e);
            }
            return;
        }
        if (results.values().stream().anyMatch(r -> r.outcome() != null && !r.outcome().duplicate())) {
            afterCommit.run();
        }
        for (Request request : batch) {
            Result result = results.get(request.item());
            if (result.failure() != null) {
                request.result().completeExceptionally(result.failure());
            } else {
                request.result().complete(result.outcome());
            }
        }
    }

    private static void failAll(List<Request> batch, RuntimeException e) {
        for (Request request : batch) {
            request.result().completeExceptionally(e);
        }
    }

    @Override
    public synchronized void start() {
        running = true;
        for (int i = 0; i < queues.size(); i++) {
            BlockingQueue<Request> queue = queues.get(i);
            Thread writer = new Thread(() -> runWriter(queue), "append-writer-" + i);
            writer.start();
            writers.add(writer);
        }
    }

    /** Refuses new appends, then lets the writers commit what is queued. */
    @Override
    public synchronized void stop() {
        stopped = true;
        running = false;
        for (Thread writer : writers) {
            try {
                writer.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        writers.clear();
        // An append that slipped in while the writers were stopping.
        List<Request> left = new ArrayList<>();
        queues.forEach(q -> q.drainTo(left));
        failAll(left, new AppendRejectedException("the event store is stopping"));
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts before and stops after the gRPC server (phase MAX_VALUE), so accepted appends are committed. */
    @Override
    public int getPhase() {
        return 1000;
    }
}

package io.eventstream.eventstore.append;

import io.eventstream.common.sql.SqlRetry;
import io.eventstream.eventstore.append.AppendStatements.Row;
import io.eventstream.eventstore.db.SqlErrors;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends events with <b>group commit</b>: concurrent CreateEvent calls share one statement and
 * one commit (one WAL flush) instead of one transaction each. On a small machine the cost is per
 * transaction (round trips, statement overhead, the flush, and each round trip's wait for a busy
 * CPU), not per row.
 *
 * <p>How: {@link #append} validates the event on the caller's thread and queues it. A writer
 * thread takes whatever is waiting (at least one, at most {@code maxBatch}) and appends it with
 * one multi-row statement in auto-commit: the events at their aggregates' next versions and
 * their outbox rows, so each event is stored together with its promise to be published
 * ({@link AppendStatements#insert}). One round trip, one commit; then it answers each caller.
 * It never waits for a batch to fill: while a writer commits, the next calls queue up, so the
 * batch grows with the load by itself and a lone caller pays nothing extra.
 *
 * <p>Every event keeps its own outcome, exactly as if it had been appended alone.
 * <ul>
 *   <li><b>Rounds.</b> A statement holds at most one event per aggregate. A batch with several
 *       events of one aggregate is appended in rounds, one statement (and commit) each, the
 *       aggregate's events one round after the other in arrival order: they get consecutive
 *       versions, and each one's expected version is checked against the event before it.</li>
 *   <li><b>Clashes.</b> The statement skips an event whose id is already stored or whose version
 *       is taken ({@code ON CONFLICT DO NOTHING}) rather than fail the others. Each skipped event
 *       is then settled alone: its id stored with the same content is a duplicate (answered with
 *       the stored version), with other content an {@link EventIdConflictException}; else, with
 *       an expected version, a {@link VersionConflictException} naming the current version; else
 *       another instance took the version just now, and the event goes again in the next round,
 *       at the version after (at most {@value #MAX_VERSION_RACES} times).</li>
 *   <li><b>Failures.</b> SQLSTATE 40001 (CockroachDB's "retry") or 40P01 (a deadlock with
 *       another instance's statement) runs the statement again. A database that cannot be
 *       reached fails every caller not yet answered (the gRPC layer answers UNAVAILABLE); events
 *       of earlier rounds are committed and were answered. Any other error splits the round and
 *       appends its events one by one, so an event that breaks a statement fails only itself.</li>
 * </ul>
 *
 * <p>Writers: {@code writers} threads, each with its own queue; an event goes to the queue of
 * its aggregate ({@code hash(aggregate id) % writers}), so one aggregate's events are appended
 * by one writer, in arrival order, and never race each other for a version in this process.
 * Two writers let one build its statement while the other waits for its commit.
 */
public class EventAppender implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EventAppender.class);
    static final int MAX_VERSION_RACES = 20;

    private final AppendStatements statements;
    private final EventValidator validator;
    private final Runnable afterCommit;
    private final int maxBatch;
    private final List<BlockingQueue<AppendRequest>> queues = new ArrayList<>();
    private final List<Thread> writers = new ArrayList<>();
    private final JsonMapper json = JsonMapper.builder().build();
    private final AtomicLong arrivals = new AtomicLong();
    private final DistributionSummary batchSizes;
    private volatile boolean stopped;
    private volatile boolean running;

    /**
     * @param jdbc          in auto-commit (each statement its own transaction)
     * @param writers       writer threads (each one database connection while it appends)
     * @param maxBatch      most events one writer takes at a time
     * @param queueCapacity most events waiting per writer; more are refused (the store is overloaded)
     * @param afterCommit   called after each commit that stored new events (wakes the outbox relay up)
     */
    public EventAppender(JdbcTemplate jdbc, EventValidator validator, int writers, int maxBatch, int queueCapacity,
                         Runnable afterCommit, MeterRegistry meters) {
        this.statements = new AppendStatements(jdbc);
        this.validator = validator;
        this.afterCommit = afterCommit;
        this.maxBatch = maxBatch;
        this.batchSizes = DistributionSummary.builder("eventstore.append.batch")
                .description("Events a writer took at once (group commit)").register(meters);
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
        AppendRequest request = new AppendRequest(arrivals.getAndIncrement(),
                new Row(event, json.writeValueAsString(event.metadata()), expectedVersion.orElse(-1)));
        if (stopped) {
            throw new AppendRejectedException("the event store is stopping");
        }
        if (!queues.get(Math.floorMod(event.aggregateId().hashCode(), queues.size())).offer(request)) {
            throw new AppendRejectedException("too many appends waiting");
        }
        return request.result;
    }

    private void runWriter(BlockingQueue<AppendRequest> queue) {
        List<AppendRequest> batch = new ArrayList<>(maxBatch);
        while (true) {
            try {
                AppendRequest first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (!running) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                batchSizes.record(batch.size());
                appendBatch(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failAll(batch, new AppendRejectedException("the event store is stopping"));
                return;
            } catch (RuntimeException e) {
                // appendBatch answers every caller itself: this is a bug, not a database failure.
                log.error("append writer failed", e);
                failAll(batch, e);
            } finally {
                batch.clear();
            }
        }
    }

    /** Appends the batch round by round (at most one event per aggregate in each). */
    private void appendBatch(List<AppendRequest> batch) {
        List<AppendRequest> waiting = batch;
        while (!waiting.isEmpty()) {
            List<AppendRequest> round = new ArrayList<>();
            List<AppendRequest> later = new ArrayList<>();
            Set<String> aggregates = new HashSet<>();
            for (AppendRequest request : waiting) {
                (aggregates.add(request.event().aggregateId()) ? round : later).add(request);
            }
            try {
                later.addAll(appendRound(round));
            } catch (RuntimeException unavailable) {
                failAll(waiting, unavailable);
                return;
            }
            later.sort(Comparator.comparingLong(r -> r.seq));
            waiting = later;
        }
    }

    /**
     * One statement, one commit; answers the callers it settles.
     *
     * @return the callers that lost their version to another instance and go again
     * @throws RuntimeException when the database cannot be reached (nobody of the round was answered)
     */
    private List<AppendRequest> appendRound(List<AppendRequest> round) {
        Map<String, Long> stored;
        try {
            stored = SqlRetry.call(attempt -> statements.insert(round.stream().map(r -> r.row).toList()));
        } catch (RuntimeException e) {
            if (SqlErrors.isUnavailable(e)) {
                throw e;
            }
            if (round.size() == 1) {
                round.get(0).result.completeExceptionally(e);
                return List.of();
            }
            log.warn("appending {} events at once failed ({}); appending them one by one", round.size(), e.toString());
            List<AppendRequest> again = new ArrayList<>();
            for (AppendRequest request : round) {
                again.addAll(appendRound(List.of(request)));
            }
            return again;
        }
        // The callers first, then the relay: on two cores, a relay woken before the answers are
        // sent takes the CPU (and the database) from them, and a lone caller waits for its round.
        List<AppendRequest> skipped = new ArrayList<>();
        for (AppendRequest request : round) {
            Long version = stored.get(request.event().eventId());
            if (version != null) {
                request.result.complete(new AppendOutcome(version, false));
            } else {
                skipped.add(request);
            }
        }
        if (!stored.isEmpty()) {
            afterCommit.run();
        }
        List<AppendRequest> again = new ArrayList<>();
        for (AppendRequest request : skipped) {
            if (!settleSkipped(request)) {
                again.add(request);
            }
        }
        return again;
    }

    /** An event the statement skipped: answers it, or returns false when it goes again at the next version. */
    private boolean settleSkipped(AppendRequest request) {
        NewEvent event = request.event();
        try {
            Optional<AppendOutcome> stored = statements.existing(event);
            if (stored.isPresent()) {
                request.result.complete(stored.get());
                return true;
            }
            if (request.row.expectedVersion() >= 0) {
                throw new VersionConflictException(event.aggregateId(), request.row.expectedVersion(),
                        statements.currentVersion(event.aggregateId()));
            }
            if (++request.races > MAX_VERSION_RACES) {
                throw new IllegalStateException("aggregate " + event.aggregateId() + ": lost the race for the next version "
                        + MAX_VERSION_RACES + " times");
            }
            return false;
        } catch (RuntimeException e) {
            request.result.completeExceptionally(e);
            return true;
        }
    }

    private static void failAll(List<AppendRequest> requests, RuntimeException e) {
        for (AppendRequest request : requests) {
            request.result.completeExceptionally(e);
        }
    }

    @Override
    public synchronized void start() {
        running = true;
        for (int i = 0; i < queues.size(); i++) {
            BlockingQueue<AppendRequest> queue = queues.get(i);
            Thread writer = new Thread(() -> runWriter(queue), "append-writer-" + i);
            writer.start();
            writers.add(writer);
        }
    }

    /** Refuses new appends, then lets the writers append what is queued. */
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
        List<AppendRequest> left = new ArrayList<>();
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

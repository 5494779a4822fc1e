package io.eventstream.saga.rebuild;

import io.eventstream.saga.process.Decisions;
import io.eventstream.saga.process.OrderProcess;
import io.eventstream.saga.process.SagaStore;
import io.eventstream.saga.process.Step;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Rebuilds the saga's state (sagadb) from the event store's log, read from position 0 in pages,
 * while the coordinator may keep running. It decides nothing and appends nothing: every order's
 * history, the saga's own past commands included (they are events in the log like any other),
 * is recorded as the order's steps and its state derived from them, so the coordinator decides
 * afterwards on the whole history and never takes a decision the log already holds (no second
 * refund, no second cancel or reject, no deadline cancel for a finished order).
 *
 * <ul>
 *   <li><b>Per page, one sagadb transaction</b> (the saga's own {@link SagaStore#recordAndDecide}):
 *       the page's steps replace what is recorded at their versions (the log is the truth), every
 *       recorded step of the page's orders is read, each order's state is derived and saved (a
 *       newer state the running coordinator saved is kept: the save is version-guarded).</li>
 *   <li><b>Orders whose history asks for a decision now</b> (a cause without its refund or
 *       terminal event, a late debit without its refund, a deadline passed) are made due for the
 *       coordinator's deadline scan, which decides them as an arriving event would: at the
 *       version it read, so a view that misses a newer event is refused by the store and read again.</li>
 *   <li><b>A checkpoint</b> (the last position in sagadb) after every page: a rebuild that crashed
 *       resumes there; pages are idempotent, so the page it was in is simply applied again.</li>
 *   <li><b>Starting over</b> empties saga_orders and saga_steps first. A running coordinator then
 *       finds gaps for the orders not rebuilt yet and reads their history from the store, as it
 *       does for any gap; only its deadline scan misses those orders until the rebuild reaches them.</li>
 * </ul>
 */
public final class SagaRebuild {

    /** What a run did: events read by this run, orders made due, and whether it resumed an earlier one. */
    public record Result(long events, int due, boolean resumed, long target, Duration took) {
    }

    private final RebuildLog log;
    private final SagaStore saga;
    private final RebuildStore store;
    private final Duration deadline;
    private final Clock clock;
    private final int pageSize;
    private final RebuildProgress.Listener listener;

    public SagaRebuild(RebuildLog log, SagaStore saga, RebuildStore store, Duration deadline, Clock clock,
            int pageSize, RebuildProgress.Listener listener) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("page size must be at least 1: " + pageSize);
        }
        this.log = log;
        this.saga = saga;
        this.store = store;
        this.deadline = deadline;
        this.clock = clock;
        this.pageSize = pageSize;
        this.listener = listener;
    }

    /**
     * @param restart start over even when an earlier rebuild did not finish (by default it resumes)
     */
    public Result run(boolean restart) {
        Optional<Checkpoint> checkpoint = store.checkpoint();
        boolean resumed = !restart && checkpoint.isPresent() && !checkpoint.get().finished();
        long target;
        long position;
        if (resumed) {
            target = checkpoint.get().target();
            position = checkpoint.get().position();
        } else {
            target = log.end();
            store.startOver(target);
            position = 0;
        }
        Instant started = clock.instant();
        long read = 0;
        Set<String> due = new HashSet<>();
        while (position < target) {
            List<LoggedStep> page = log.after(position, pageSize);
            if (page.isEmpty()) {
                break; // cannot happen with a gapless log: every position up to the end is readable
            }
            apply(page, due);
            position = page.get(page.size() - 1).position();
            store.advance(position);
            read += page.size();
            listener.progress(progress(Math.min(position, target), target, read, started));
        }
        store.finish();
        if (read == 0) {
            listener.progress(progress(target, target, read, started));
        }
        return new Result(read, due.size(), resumed, target, Duration.between(started, clock.instant()));
    }

    private void apply(List<LoggedStep> page, Set<String> dueSoFar) {
        Map<String, List<Step>> steps = new LinkedHashMap<>();
        for (LoggedStep event : page) {
            if (event.orderId() != null) {
                steps.computeIfAbsent(event.orderId(), id -> new ArrayList<>()).add(event.step());
            }
        }
        if (steps.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        Set<String> due = new HashSet<>();
        saga.recordAndDecide(steps, steps, recorded -> {
            due.clear(); // runs again when the transaction is retried
            Map<String, OrderProcess> settled = new HashMap<>();
            recorded.forEach((orderId, history) -> {
                OrderProcess process = OrderProcess.of(orderId, history, deadline);
                settled.put(orderId, process);
                if (process.next(now).isPresent()) {
                    due.add(orderId);
                }
            });
            return new Decisions(settled, Map.of(), Set.of());
        });
        dueSoFar.removeAll(steps.keySet());
        if (!due.isEmpty()) {
            store.markDue(due, now);
            dueSoFar.addAll(due);
        }
    }

    private RebuildProgress progress(long done, long total, long read, Instant started) {
        Duration elapsed = Duration.between(started, clock.instant());
        double perSecond = elapsed.toMillis() == 0 ? 0 : read * 1000.0 / elapsed.toMillis();
        return new RebuildProgress(done, total, perSecond, elapsed, read);
    }
}

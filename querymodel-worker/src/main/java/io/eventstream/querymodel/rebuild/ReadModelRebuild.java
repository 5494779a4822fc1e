package io.eventstream.querymodel.rebuild;

import io.eventstream.common.eventstore.EventStoreClient;
import io.eventstream.common.replay.LogReplay;
import io.eventstream.common.replay.ReplayProgress;
import io.eventstream.querymodel.jdbc.GenerationWriter;
import io.eventstream.querymodel.jdbc.JdbcReadModel;
import io.eventstream.querymodel.projection.ReadModel;
import io.eventstream.querymodel.jdbc.ReadModelGenerations;
import io.eventstream.querymodel.jdbc.ReadModelTables;
import io.eventstream.querymodel.jdbc.SwitchMethod;
import io.eventstream.querymodel.jdbc.Transactions;
import io.eventstream.querymodel.messaging.OrderEventTranslator;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Rebuilds ordersdb from the event store's log while everything keeps running:
 *
 * <ol>
 *   <li>drops what a stopped rebuild left (its generation tables; after a stop past its switch,
 *       it first applies the log from the switch's position to the live tables, then drops the
 *       retired ones);</li>
 *   <li>creates generation N+1's tables and folds the whole log into them through one
 *       {@code GetEventsStream} (catch-up, then live), with the live worker's translation and SQL;
 *       the secondary indexes are built once caught up, and it catches up again;</li>
 *   <li>switches, in one transaction ({@link ReadModelGenerations#switchTo}): the live tables are
 *       renamed away and generation N+1's take their names, or (on CockroachDB, whose schema changes
 *       are not atomic in a transaction) the live tables get generation N+1's rows, only those that
 *       differ, while the live worker waits ({@link io.eventstream.querymodel.jdbc.SwitchMethod});</li>
 *   <li>reads the log's end L and applies the events up to L to the (new) live tables. The live
 *       worker may have written an event to the old tables just before the switch; it had been
 *       published, so positioned, before the switch committed: at or before L. Applying it again is
 *       harmless (every write is idempotent and version-guarded), and from the switch on the live
 *       worker writes the new tables itself;</li>
 *   <li>drops the retired tables (after a copy, generation N+1's).</li>
 * </ol>
 *
 * A stop at any point (a crash, kill -9) leaves the live tables serving; the next run drops the
 * leftovers and starts over (or, past the switch, finishes step 4 first).
 */
public class ReadModelRebuild {

    /** What a rebuild did. */
    public record Result(long generation, long events, long position, long skipped, Duration took) {
        public double eventsPerSecond() {
            return took.toNanos() == 0 ? 0 : events * 1e9 / took.toNanos();
        }
    }

    private final EventStoreClient store;
    private final Transactions transactions;
    private final ReadModelGenerations generations;
    private final OrderEventTranslator translator;
    private final RebuildProperties props;
    private final SwitchMethod switchMethod;
    private final Supplier<ReplayProgress> progress;
    private final PrintStream out;

    public ReadModelRebuild(EventStoreClient store, Transactions transactions, ReadModelGenerations generations,
            OrderEventTranslator translator, RebuildProperties props, SwitchMethod switchMethod,
            Supplier<ReplayProgress> progress, PrintStream out) {
        this.store = store;
        this.transactions = transactions;
        this.generations = generations;
        this.translator = translator;
        this.props = props;
        this.switchMethod = switchMethod;
        this.progress = progress;
        this.out = out;
    }

    public Result rebuild() throws InterruptedException {
        long started = System.nanoTime();
        AtomicLong skipped = new AtomicLong();
        ReplayProgress meter = progress.get();
        finishStoppedSwitch(meter, skipped);
        List<String> dropped = generations.dropLeftovers();
        if (!dropped.isEmpty()) {
            out.println("dropped what a stopped rebuild or check left: " + String.join(", ", dropped));
        }
        long generation = generations.current().generation() + 1;
        ReadModelTables target = ReadModelTables.generation(generation);
        generations.create(target);
        out.println("rebuilding the read model from the event store's log into generation " + generation
                + " (" + String.join(", ", target.all()) + ")");
        // Until the switch the generation's tables have one writer: pages folded in memory (GenerationWriter).
        LogReplay.Pages into = pages(new GenerationWriter(transactions, target), skipped, meter);
        try (LogReplay replay = new LogReplay(store, 0, props.page(), meter)) {
            replay.applyUntil(replay.caughtUp(), into);
            generations.createIndexes(target);
            replay.applyUntil(replay.caughtUp(), into);
            long switching = System.nanoTime();
            generations.switchTo(generation, replay.position(), switchMethod);
            out.printf(Locale.ROOT, "switched to generation %d by %s at position %,d in %d ms%n", generation,
                    switchMethod.name().toLowerCase(Locale.ROOT), replay.position(),
                    (System.nanoTime() - switching) / 1_000_000);
            haltIf("switch");
            long end = store.logEnd();
            replay.applyUntil(at -> at >= end, pages(new JdbcReadModel(transactions), skipped, meter));
            generations.drained(replay.position());
            generations.drop(switchMethod == SwitchMethod.COPY ? target : ReadModelTables.retiredBy(generation));
            Result result = new Result(generation, meter.done(), replay.position(), skipped.get(),
                    Duration.ofNanos(System.nanoTime() - started));
            meter.finish(String.format(Locale.ROOT,
                    "generation %d is live: %,d events to position %,d in %.1f s (%,.0f events/s), %d skipped",
                    generation, result.events(), result.position(), result.took().toMillis() / 1000.0,
                    result.eventsPerSecond(), result.skipped()));
            return result;
        }
    }

    /**
     * A rebuild stopped between its switch and the drop of the tables it switched from: the live
     * tables may lack events the live worker wrote before the switch that the rebuild had not read,
     * so the log from the switch's position to its end now is applied to them first.
     */
    private void finishStoppedSwitch(ReplayProgress meter, AtomicLong skipped) throws InterruptedException {
        if (!generations.switchedAndStopped()) {
            return;
        }
        ReadModelGenerations.Current current = generations.current();
        out.println("a rebuild stopped after its switch: applying the log after position " + current.position()
                + " to the live tables first");
        long end = store.logEnd();
        try (LogReplay replay = new LogReplay(store, current.position(), props.page(), meter)) {
            replay.applyUntil(at -> at >= end, pages(new JdbcReadModel(transactions), skipped, meter));
            generations.drained(replay.position());
        }
    }

    private LogReplay.Pages pages(ReadModel model, AtomicLong skipped, ReplayProgress meter) {
        ProjectionPages pages = new ProjectionPages(translator, model, skipped);
        if (!"catch-up".equals(props.haltAt())) {
            return pages;
        }
        return page -> {
            pages.apply(page);
            if (meter.done() + page.size() >= props.haltAfterEvents()) {
                halt("catch-up");
            }
        };
    }

    private void haltIf(String point) {
        if (point.equals(props.haltAt())) {
            halt(point);
        }
    }

    /** The test hook: stops the JVM at once, as kill -9 would (no cleanup, no shutdown hooks). */
    private void halt(String point) {
        out.println("halting at " + point + " (eventstream.rebuild.halt-at)");
        out.flush();
        Runtime.getRuntime().halt(137);
    }
}

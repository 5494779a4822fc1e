package io.eventstream.querymodel.rebuild;

import io.eventstream.common.eventstore.EventStoreClient;
import io.eventstream.common.replay.LogReplay;
import io.eventstream.common.replay.ReplayProgress;
import io.eventstream.querymodel.jdbc.JdbcReadModel;
import io.eventstream.querymodel.jdbc.ReadModelComparison;
import io.eventstream.querymodel.jdbc.ReadModelGenerations;
import io.eventstream.querymodel.jdbc.ReadModelTables;
import io.eventstream.querymodel.jdbc.Transactions;
import io.eventstream.querymodel.messaging.OrderEventTranslator;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * {@code --verify}: what the log implies, compared with the live tables row by row. The log is
 * folded into check tables ({@code orders_check_g<N>}...) the way the live worker folds it, up to
 * its end, then compared both ways ({@link ReadModelComparison}); the check tables are dropped
 * after. While the system runs, the live tables and the check move on at their own pace: when they
 * differ, the check follows the log further and compares again (a few times, a pause apart), and
 * reports what still differs.
 */
public class ReadModelCheck {

    private final EventStoreClient store;
    private final Transactions transactions;
    private final ReadModelGenerations generations;
    private final ReadModelComparison comparison;
    private final OrderEventTranslator translator;
    private final RebuildProperties props;
    private final Supplier<ReplayProgress> progress;
    private final PrintStream out;

    public ReadModelCheck(EventStoreClient store, Transactions transactions, ReadModelGenerations generations,
            ReadModelComparison comparison, OrderEventTranslator translator, RebuildProperties props,
            Supplier<ReplayProgress> progress, PrintStream out) {
        this.store = store;
        this.transactions = transactions;
        this.generations = generations;
        this.comparison = comparison;
        this.translator = translator;
        this.props = props;
        this.progress = progress;
        this.out = out;
    }

    /** The differences left (empty: the live tables are what the log implies). */
    public List<ReadModelComparison.Difference> verify() throws InterruptedException {
        ReadModelTables check = ReadModelTables.check(generations.current().generation());
        generations.drop(check);
        generations.create(check);
        ReplayProgress meter = progress.get();
        AtomicLong skipped = new AtomicLong();
        try (LogReplay replay = new LogReplay(store, 0, props.page(), meter)) {
            ProjectionPages into = new ProjectionPages(translator, new JdbcReadModel(transactions, check), skipped);
            replay.applyUntil(replay.caughtUp(), into);
            List<ReadModelComparison.Difference> differences = compare(check);
            for (int again = 1; again <= props.verifyRetries() && !differences.isEmpty(); again++) {
                Thread.sleep(props.verifyPause().toMillis());
                replay.applyUntil(replay.caughtUp(), into);
                differences = compare(check);
            }
            meter.finish("checked the read model against the log up to position " + replay.position() + ": "
                    + (differences.isEmpty() ? "no differences" : differences.size() + " differing rows (shown below)"));
            differences.forEach(out::println);
            return differences;
        } finally {
            generations.drop(check);
        }
    }

    private List<ReadModelComparison.Difference> compare(ReadModelTables check) {
        return comparison.differences(check, "the log", props.showDifferences());
    }
}

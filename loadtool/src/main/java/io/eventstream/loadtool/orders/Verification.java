package io.eventstream.loadtool.orders;

import java.util.List;

/**
 * The run's correctness, checked against the event store and the read model after the load.
 *
 * @param notCompleted     accepted orders that did not reach an end state in the read model in time
 * @param duplicateEvents  extra events in the store: a second event of a type an order has once (e.g. two debits)
 * @param versionGaps      orders whose stored versions are not 1..n
 * @param missingEvents    accepted orders with no event in the store at all
 * @param streamDuplicates the same event id delivered twice on the stream (a publish JetStream did not de-duplicate)
 * @param readModelMismatches orders whose read-model row disagrees with the store or the POST (status,
 *                         version, amount, items, or no row)
 * @param examples         a few of the problems, for a person to look into
 */
public record Verification(long checked, long notCompleted, long duplicateEvents, long versionGaps,
                           long missingEvents, long streamDuplicates, long readModelMismatches,
                           List<String> examples) {

    public boolean clean() {
        return notCompleted == 0 && duplicateEvents == 0 && versionGaps == 0 && missingEvents == 0
                && streamDuplicates == 0 && readModelMismatches == 0;
    }
}

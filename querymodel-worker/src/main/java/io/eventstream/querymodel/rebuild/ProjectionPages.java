package io.eventstream.querymodel.rebuild;

import io.eventstream.common.events.MalformedEventException;
import io.eventstream.common.replay.LogReplay;
import io.eventstream.common.replay.LoggedEvents;
import io.eventstream.proto.eventstore.Event;
import io.eventstream.querymodel.messaging.OrderEventTranslator;
import io.eventstream.querymodel.projection.InvalidEventException;
import io.eventstream.querymodel.projection.OrderChange;
import io.eventstream.querymodel.projection.ReadModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A page of the log into a read model, the live worker's way: each event as the consumer would
 * have received it, translated by the same {@link OrderEventTranslator}, the page applied by
 * {@link ReadModel#applyAll} (one transaction, the batch statements). An event the live worker
 * dead-letters (it cannot be projected) is skipped and counted here, as it is absent there.
 */
final class ProjectionPages implements LogReplay.Pages {

    private static final Logger log = LoggerFactory.getLogger(ProjectionPages.class);

    private final OrderEventTranslator translator;
    private final ReadModel readModel;
    private final AtomicLong skipped;

    ProjectionPages(OrderEventTranslator translator, ReadModel readModel, AtomicLong skipped) {
        this.translator = translator;
        this.readModel = readModel;
        this.skipped = skipped;
    }

    @Override
    public void apply(List<Event> page) {
        List<OrderChange> changes = new ArrayList<>(page.size());
        for (Event event : page) {
            try {
                translator.translate(LoggedEvents.received(event)).ifPresent(changes::add);
            } catch (InvalidEventException | MalformedEventException e) {
                skip(event.getPosition(), e);
            }
        }
        try {
            readModel.applyAll(changes);
        } catch (InvalidEventException rejected) {
            // The database refused one of them: one at a time, as the consumer does, skipping that one.
            for (OrderChange change : changes) {
                try {
                    readModel.apply(change);
                } catch (InvalidEventException e) {
                    skip(change.version(), e);
                }
            }
        }
    }

    private void skip(long at, RuntimeException why) {
        skipped.incrementAndGet();
        log.warn("skipped an event that cannot be projected (the live worker dead-letters it) at {}: {}",
                at, why.getMessage());
    }
}

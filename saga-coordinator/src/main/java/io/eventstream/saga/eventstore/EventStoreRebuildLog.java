package io.eventstream.saga.eventstore;

import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.events.upcast.SchemaVersions;
import io.eventstream.common.eventstore.EventStoreClient;
import io.eventstream.common.eventstore.StoreCallRetry;
import io.eventstream.proto.eventstore.Event;
import io.eventstream.proto.eventstore.GetEventsRequest;
import io.eventstream.saga.events.StepReader;
import io.eventstream.saga.rebuild.LoggedStep;
import io.eventstream.saga.rebuild.RebuildLog;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The log in pages: {@code GetEvents} after a position with a limit (the store answers positioned
 * events in position order; it caps a page at 10,000), each event read as a step the way the
 * coordinator reads it ({@link StepReader}: its body upcast from its schema version, a body that
 * does not parse stops the rebuild, named). Events of another stream or aggregate type are read
 * past, without a step. A read that fails with UNAVAILABLE or DEADLINE_EXCEEDED is made again
 * (common's {@link StoreCallRetry}, six attempts over about 15 s): a read is always safe to repeat,
 * and a rebuild of a long log should not stop on one slow answer of a busy store.
 */
public class EventStoreRebuildLog implements RebuildLog {

    private final EventStoreClient store;
    private final OrderEventTypes types;
    private final StepReader reader;
    private final StoreCallRetry retry = new StoreCallRetry(6, Duration.ofMillis(500));

    public EventStoreRebuildLog(EventStoreClient store, OrderEventTypes types) {
        this.store = store;
        this.types = types;
        this.reader = new StepReader(types);
    }

    @Override
    public long end() {
        return retry.call(attempt -> store.logEnd());
    }

    @Override
    public List<LoggedStep> after(long position, int limit) {
        GetEventsRequest page = GetEventsRequest.newBuilder().setFromPosition(position).setLimit(limit).build();
        return retry.call(attempt -> store.get(page)).stream()
                // From position 0 the store answers everything, the events not positioned yet last: not those.
                .filter(event -> event.getPosition() > position)
                .map(this::logged).toList();
    }

    private LoggedStep logged(Event event) {
        if (!event.getEventType().startsWith(types.stream() + ".")
                || !OrderEventTypes.AGGREGATE_TYPE.equals(event.getAggregateType())
                || event.getAggregateId().isEmpty()) {
            return new LoggedStep(event.getPosition(), null, null);
        }
        Instant at = Instant.ofEpochSecond(event.getCreatedAt().getSeconds(), event.getCreatedAt().getNanos());
        return new LoggedStep(event.getPosition(), event.getAggregateId(), reader.read(event.getEventType(),
                event.getVersion(), event.getMetadataMap().get(SchemaVersions.KEY), event.getEventData(), at));
    }
}

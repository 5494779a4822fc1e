package io.eventstream.eventstore.grpc;

import com.google.protobuf.Timestamp;
import io.eventstream.eventstore.append.NewEvent;
import io.eventstream.eventstore.read.StoredEvent;
import io.eventstream.proto.eventstore.Event;

/** Between the wire's Event and the store's records. */
final class ProtoEvents {

    private ProtoEvents() {
    }

    static NewEvent toNewEvent(Event e) {
        return new NewEvent(e.getEventId(), e.getEventType(), e.getAggregateId(), e.getAggregateType(),
                e.getEventData(), streamOf(e), e.getMetadataMap());
    }

    /** The original's callers always send a stream; one that does not gets the event type's first token. */
    private static String streamOf(Event e) {
        if (!e.getStream().isEmpty()) {
            return e.getStream();
        }
        int dot = e.getEventType().indexOf('.');
        return dot > 0 ? e.getEventType().substring(0, dot) : e.getEventType();
    }

    static Event toProto(StoredEvent e) {
        Event.Builder b = Event.newBuilder()
                .setEventId(e.eventId())
                .setEventType(e.eventType())
                .setAggregateId(e.aggregateId())
                .setAggregateType(e.aggregateType())
                .setEventData(e.data() == null ? "" : e.data())
                .setStream(e.stream())
                .setVersion(e.version())
                .setPosition(e.position())
                .putAllMetadata(e.metadata());
        if (e.createdAt() != null) {
            b.setCreatedAt(Timestamp.newBuilder()
                    .setSeconds(e.createdAt().getEpochSecond())
                    .setNanos(e.createdAt().getNano()));
        }
        return b.build();
    }
}

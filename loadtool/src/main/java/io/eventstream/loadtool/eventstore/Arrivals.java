package io.eventstream.loadtool.eventstore;

import io.nats.client.Message;
import io.nats.client.impl.Headers;
import java.time.Instant;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;

/** When each bench event arrived over JetStream, and how long after its commit (created_at). */
final class Arrivals {

    record Arrival(long nanos, long commitToArrivalMicros) {
    }

    private final ConcurrentHashMap<String, Arrival> byEventId = new ConcurrentHashMap<>();

    void onMessage(Message message) {
        long nanos = System.nanoTime();
        Instant now = Instant.now();
        Headers headers = message.getHeaders();
        if (headers == null || headers.getFirst("Nats-Msg-Id") == null) {
            return;
        }
        long lag = -1;
        String createdAt = headers.getFirst("Event-Created-At");
        if (createdAt != null) {
            try {
                Instant created = Instant.parse(createdAt);
                lag = Math.max(0, (now.getEpochSecond() - created.getEpochSecond()) * 1_000_000L
                        + (now.getNano() - created.getNano()) / 1000);
            } catch (RuntimeException e) {
                // no lag for this one
            }
        }
        byEventId.putIfAbsent(headers.getFirst("Nats-Msg-Id"), new Arrival(nanos, lag));
    }

    Arrival get(String eventId) {
        return byEventId.get(eventId);
    }

    long missing(Collection<String> eventIds) {
        return eventIds.stream().filter(id -> !byEventId.containsKey(id)).count();
    }

    void forget(Collection<String> eventIds) {
        eventIds.forEach(byEventId::remove);
    }
}

package io.eventstream.common.nats;

import io.eventstream.common.events.OrderEventTypes;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.time.Duration;

/**
 * The two JetStream streams of the system, configured in one place: the bootstrapper creates
 * them from here ({@code bootstrapper/StreamSetup}), and so do the tests that need them
 * ({@code testing.TestInfra}). Nothing else creates a stream: a consumer that finds the
 * dead-letter stream missing holds its poison message instead (see {@code consumer.DeadLetters}).
 * The names come from {@link OrderEventTypes}.
 */
public final class OrderStreams {

    /**
     * How long JetStream remembers a {@code Nats-Msg-Id}. The event store may publish an event
     * again after a restart and a consumer may dead-letter a message again after a lost ack;
     * both carry the same id, and the stream drops the copy only within this window
     * (https://docs.nats.io/nats-concepts/jetstream/streams, "Duplicates"; 2 minutes is also
     * the server's default, set here so that it is never left to a default).
     */
    public static final Duration DUPLICATE_WINDOW = Duration.ofMinutes(2);

    private OrderStreams() {
    }

    /** The event stream: {@code <stream>} on {@code <stream>.*}, file storage. */
    public static StreamConfiguration events(OrderEventTypes types) {
        return StreamConfiguration.builder()
                .name(types.stream())
                .subjects(types.allSubjects())
                .storageType(StorageType.File)
                .duplicateWindow(DUPLICATE_WINDOW)
                .build();
    }

    /** The dead-letter stream: {@code <stream>_DLQ} on {@code <stream>_DLQ.>}, one subject per consumer. */
    public static StreamConfiguration deadLetters(OrderEventTypes types) {
        return StreamConfiguration.builder()
                .name(types.deadLetterStream())
                .subjects(types.deadLetterStream() + ".>")
                .storageType(StorageType.File)
                .duplicateWindow(DUPLICATE_WINDOW)
                .build();
    }

    /** Where a consumer puts the messages it gave up on: {@code <stream>_DLQ.<durable>}. */
    public static String deadLetterSubject(OrderEventTypes types, String durableName) {
        return types.deadLetterStream() + "." + durableName;
    }
}

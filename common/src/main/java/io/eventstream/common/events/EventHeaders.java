package io.eventstream.common.events;

/**
 * NATS header names that carry an event's metadata next to its body. The body stays
 * the event_data byte for byte (the original's contract), so everything else rides here.
 */
public final class EventHeaders {

    /** JetStream de-duplicates on this header within the stream's duplicate window. */
    public static final String MSG_ID = "Nats-Msg-Id";
    public static final String EVENT_ID = "Event-Id";
    public static final String EVENT_TYPE = "Event-Type";
    public static final String AGGREGATE_ID = "Aggregate-Id";
    public static final String AGGREGATE_TYPE = "Aggregate-Type";
    public static final String AGGREGATE_VERSION = "Aggregate-Version";
    /** Global position of the event in the log (see eventstore-service). */
    public static final String POSITION = "Event-Position";
    public static final String CREATED_AT = "Event-Created-At";

    /** Metadata keys a writer may set; each is stored and published as a header of the same name. */
    public static final String CORRELATION_ID = "Correlation-Id";
    public static final String CAUSATION_ID = "Causation-Id";

    /** Set on messages in a dead-letter stream. */
    public static final String DLQ_REASON = "Dead-Letter-Reason";
    public static final String DLQ_CONSUMER = "Dead-Letter-Consumer";
    public static final String DLQ_SUBJECT = "Dead-Letter-Subject";
    public static final String DLQ_STREAM_SEQUENCE = "Dead-Letter-Stream-Sequence";
    public static final String DLQ_DELIVERIES = "Dead-Letter-Deliveries";

    private EventHeaders() {
    }
}

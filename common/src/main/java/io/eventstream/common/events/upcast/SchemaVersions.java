package io.eventstream.common.events.upcast;

import io.eventstream.common.events.MalformedEventException;
import io.eventstream.common.events.OrderEventKind;

/**
 * The schema version of an event's body, kept in the event's metadata under {@link #KEY} (the
 * event store stores it and publishes it as a NATS header of the same name). Every writer sets
 * it through common's {@code OrderEvents}; an event without it was written by the original Go
 * services or by this port before versions existed: {@link #ORIGINAL}. docs/contract.md,
 * "Schema versions and upcasting", has the table of what changed from one version to the next.
 */
public final class SchemaVersions {

    /** The metadata key (and NATS header). */
    public static final String KEY = "Schema-Version";
    /** No {@link #KEY}: the original's bodies, and ours before versions were written. */
    public static final int ORIGINAL = 1;
    /** What this code writes, for every event type (each type may move on alone later). */
    public static final int CURRENT = 2;

    private SchemaVersions() {
    }

    /** The version this code writes for an event of {@code kind}. */
    public static int current(OrderEventKind kind) {
        return CURRENT;
    }

    /** The metadata value this code writes for an event of {@code kind}. */
    public static String currentText(OrderEventKind kind) {
        return Integer.toString(current(kind));
    }

    /**
     * The version a metadata value names: absent or blank is {@link #ORIGINAL}; anything but a
     * positive integer is malformed (a reader that guessed would upcast the wrong way). A version
     * newer than this code knows is read as the current one: the contract only grows by adding
     * fields, which readers ignore.
     */
    public static int of(OrderEventKind kind, String value) {
        if (value == null || value.isBlank()) {
            return ORIGINAL;
        }
        int version;
        try {
            version = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new MalformedEventException(KEY + " is not a number: " + value);
        }
        if (version < ORIGINAL) {
            throw new MalformedEventException(KEY + " is not a version: " + value);
        }
        return Math.min(version, current(kind));
    }
}

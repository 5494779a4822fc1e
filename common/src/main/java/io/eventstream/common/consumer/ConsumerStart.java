package io.eventstream.common.consumer;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where one of our consumers starts, and through which stream sequence its messages may have
 * been handled before it existed (by the original's workers, or a consumer of ours that an
 * operator deleted): a worker whose effect is not idempotent by itself checks the history for
 * those messages ({@link TakeoverPoint}). Both are kept on the server, in the consumer's
 * description, which also marks the consumer as ours: nats-server 2.9 has no consumer
 * metadata (2.10 added it), and a description can be updated in place.
 *
 * @param from           {@link StartPolicy#ALL}, or a {@code SEQUENCE} or {@code TIME} policy
 * @param handledThrough messages at or below this stream sequence may be done already; 0: none
 */
record ConsumerStart(StartPolicy from, long handledThrough) {

    private static final String MARK = "eventstream consumer";
    private static final Pattern HANDLED = Pattern.compile("; may be handled through (\\d+)");

    ConsumerStart {
        if (from.kind() != StartPolicy.Kind.ALL && from.kind() != StartPolicy.Kind.SEQUENCE
                && from.kind() != StartPolicy.Kind.TIME) {
            throw new IllegalArgumentException("a consumer starts from all, a sequence or a time, not " + from);
        }
        if (handledThrough < 0) {
            throw new IllegalArgumentException("handledThrough " + handledThrough);
        }
    }

    /** The description that marks a consumer as ours and keeps {@link #handledThrough}. */
    String description() {
        return MARK + "; start " + from + HANDLED.pattern().replace("(\\d+)", Long.toString(handledThrough));
    }

    /** Empty when the description is not one of ours (another creator, or none). */
    static Optional<Long> handledThrough(String description) {
        if (description == null || !description.startsWith(MARK + ";")) {
            return Optional.empty();
        }
        Matcher m = HANDLED.matcher(description);
        return m.find() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
    }

    /** What may be done already, as a log line says it. */
    String checked() {
        return handledThrough == 0 ? "no message may have been handled before"
                : "messages through stream sequence " + handledThrough + " may have been handled before";
    }

    /** Where it starts, as a log line says it. */
    String where() {
        return switch (from.kind()) {
            case SEQUENCE -> "stream sequence " + from.sequence();
            case TIME -> "the first message at or after " + from.time();
            default -> "the stream's first message";
        };
    }
}

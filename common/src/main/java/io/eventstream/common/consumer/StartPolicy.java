package io.eventstream.common.consumer;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Where a durable consumer starts when it is created ({@code eventstream.consumer.start-policy}).
 * It decides only at creation: a consumer that exists and is ours keeps its position whatever
 * the policy says now. Plain Java: parsed from the setting, applied by {@link StartDecision}.
 *
 * @param kind     which start
 * @param sequence the first stream sequence for {@link Kind#SEQUENCE}, else 0
 * @param time     the first message time for {@link Kind#TIME}, else null
 */
public record StartPolicy(Kind kind, long sequence, Instant time) {

    public enum Kind {
        /** Right after the acknowledged floor of a consumer of our name that we did not create; all messages when there is none. */
        AFTER_EXISTING("after-existing"),
        /** Only messages published after the consumer is created. */
        NEW("new"),
        /** From a stream sequence ({@code sequence:N}). */
        SEQUENCE("sequence"),
        /** From the first message stored at or after a time ({@code time:<ISO-8601 instant>}). */
        TIME("time"),
        /** Every message the stream holds, asked for explicitly. */
        ALL("all");

        final String setting;

        Kind(String setting) {
            this.setting = setting;
        }
    }

    public static final StartPolicy AFTER_EXISTING = new StartPolicy(Kind.AFTER_EXISTING, 0, null);
    public static final StartPolicy NEW = new StartPolicy(Kind.NEW, 0, null);
    public static final StartPolicy ALL = new StartPolicy(Kind.ALL, 0, null);

    static final String EXPECTED = "after-existing, new, all, sequence:<n> (n >= 1) or time:<ISO-8601 instant, "
            + "e.g. 2026-12-04T20:00:00Z>";

    public StartPolicy {
        if (kind == null || (kind == Kind.SEQUENCE) != (sequence >= 1) || (kind == Kind.TIME) != (time != null)) {
            throw new IllegalArgumentException("a start policy " + kind + " with sequence " + sequence
                    + " and time " + time);
        }
    }

    /**
     * The policy a setting names; blank is the default, {@code after-existing}.
     *
     * @throws IllegalArgumentException one line naming the value and what is accepted
     */
    public static StartPolicy parse(String setting) {
        if (setting == null || setting.isBlank()) {
            return AFTER_EXISTING;
        }
        String value = setting.strip();
        switch (value) {
            case "after-existing":
                return AFTER_EXISTING;
            case "new":
                return NEW;
            case "all":
                return ALL;
            default:
                break;
        }
        if (value.startsWith("sequence:")) {
            try {
                long n = Long.parseLong(value.substring("sequence:".length()));
                if (n >= 1) {
                    return new StartPolicy(Kind.SEQUENCE, n, null);
                }
            } catch (NumberFormatException e) {
                // refused below
            }
        } else if (value.startsWith("time:")) {
            try {
                // An ISO-8601 instant with Z or with an offset (Instant.parse of Java 17 takes only Z).
                return new StartPolicy(Kind.TIME, 0,
                        OffsetDateTime.parse(value.substring("time:".length())).toInstant());
            } catch (DateTimeParseException e) {
                // refused below
            }
        }
        throw new IllegalArgumentException("\"" + setting + "\" is not a start policy; use " + EXPECTED);
    }

    /** As the setting writes it. */
    @Override
    public String toString() {
        return switch (kind) {
            case SEQUENCE -> "sequence:" + sequence;
            case TIME -> "time:" + time;
            default -> kind.setting;
        };
    }
}

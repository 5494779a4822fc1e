package io.eventstream.eventstore.append;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.json.JsonFactory;

/**
 * Rejects what can never be stored, before anything touches the database: missing ids,
 * event_data that is neither empty nor one valid JSON value, oversized payloads, and
 * metadata that cannot travel as NATS headers.
 */
public class EventValidator {

    private static final int MAX_ID_LENGTH = 255;
    private static final int MAX_METADATA_ENTRIES = 32;
    /** Compiled once: String.matches compiles its pattern on every call, and this runs for every append. */
    private static final Pattern SUBJECT = Pattern.compile("[A-Za-z0-9_.-]+");

    private final JsonFactory json = new JsonFactory();
    private final int maxDataBytes;

    public EventValidator(int maxDataBytes) {
        this.maxDataBytes = maxDataBytes;
    }

    public void validate(NewEvent event) {
        requireId("event_id", event.eventId());
        requireId("event_type", event.eventType());
        requireId("aggregate_id", event.aggregateId());
        requireId("aggregate_type", event.aggregateType());
        requireId("stream", event.stream());
        if (!SUBJECT.matcher(event.eventType()).matches() || event.eventType().startsWith(".")
                || event.eventType().endsWith(".") || event.eventType().contains("..")) {
            throw new InvalidEventException("event_type must be a NATS subject without wildcards, e.g. ORDERS.created");
        }
        if (event.hasData()) {
            // A char is at most 3 bytes in UTF-8 (a surrogate pair, two chars, is 4): only a body that
            // could be over the limit is encoded to count its bytes.
            int size = (long) event.data().length() * 3 <= maxDataBytes ? 0 : event.data().getBytes(StandardCharsets.UTF_8).length;
            if (size > maxDataBytes) {
                throw new InvalidEventException("event_data is " + size + " bytes; the limit is " + maxDataBytes);
            }
            if (event.data().indexOf('\u0000') >= 0 || event.data().contains("\\u0000")) {
                // Neither engine's JSONB can store a NUL character.
                throw new InvalidEventException("event_data must not contain NUL characters");
            }
            requireOneJsonValue(event.data());
        }
        validateMetadata(event.metadata());
    }

    /**
     * Checks the body's syntax token by token, without building it: the tokenizer checks every
     * token (a string's escapes and control characters too, as it skips it), where reading it as a
     * tree also made a node of each value and parsed each number, on every append, to throw it away.
     */
    private void requireOneJsonValue(String data) {
        try (JsonParser parser = json.createParser(data)) {
            if (parser.nextToken() == null) {
                throw new InvalidEventException("event_data is not valid JSON: no value");
            }
            parser.skipChildren();
            if (parser.nextToken() != null) {
                throw new InvalidEventException("event_data is not valid JSON: more than one value");
            }
        } catch (JacksonException e) {
            throw new InvalidEventException("event_data is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static void requireId(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidEventException(field + " is required");
        }
        if (value.length() > MAX_ID_LENGTH) {
            throw new InvalidEventException(field + " is longer than " + MAX_ID_LENGTH + " characters");
        }
        if (!value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new InvalidEventException(field + " must be printable ASCII without spaces");
        }
    }

    private static void validateMetadata(Map<String, String> metadata) {
        if (metadata.size() > MAX_METADATA_ENTRIES) {
            throw new InvalidEventException("metadata has more than " + MAX_METADATA_ENTRIES + " entries");
        }
        metadata.forEach((key, value) -> {
            // Each entry becomes a NATS header: printable ASCII key without ':', one-line value.
            if (key.isEmpty() || key.length() > 64 || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ':')) {
                throw new InvalidEventException("metadata key '" + key + "' must be 1-64 printable ASCII characters without ':'");
            }
            if (key.regionMatches(true, 0, "Nats-", 0, 5)) {
                throw new InvalidEventException("metadata key '" + key + "' is reserved for NATS");
            }
            if (value.length() > 1024 || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                throw new InvalidEventException("metadata value of '" + key + "' must be one line of at most 1024 characters");
            }
        });
    }
}

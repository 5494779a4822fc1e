package io.eventstream.bootstrapper;

import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.nats.OrderStreams;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * Creates the event stream and its dead-letter stream when absent, configured as
 * {@link OrderStreams} says. It is their only creator: the consumers never create the
 * dead-letter stream (a consumer that finds it missing holds its poison messages and says so).
 */
final class StreamSetup {

    /**
     * The event store publishes with Nats-Msg-Id and may retry a publish after a restart, and a
     * consumer may repeat a dead letter after a lost ack; JetStream drops the duplicate only
     * within this window.
     */
    static final Duration MIN_DUPLICATE_WINDOW = OrderStreams.DUPLICATE_WINDOW;

    /** JetStream's "stream not found". */
    private static final int STREAM_NOT_FOUND = 10059;
    /** JetStream's "stream name already in use" (another bootstrapper was faster). */
    private static final int STREAM_NAME_IN_USE = 10058;

    private final JetStreamManagement jsm;
    private final String natsUrl;
    private final PrintStream out;

    StreamSetup(Connection connection, String natsUrl, PrintStream out) {
        this.natsUrl = natsUrl;
        this.out = out;
        try {
            this.jsm = connection.jetStreamManagement();
        } catch (IOException e) {
            throw new BootstrapException("JetStream is not available at " + natsUrl + ": " + Messages.of(e), e);
        }
    }

    /** The event stream {@code <stream>}, then its dead-letter stream {@code <stream>_DLQ}. */
    void ensureAll(OrderEventTypes types) {
        ensure(OrderStreams.events(types));
        ensure(OrderStreams.deadLetters(types));
    }

    private void ensure(StreamConfiguration wanted) {
        String name = wanted.getName();
        try {
            StreamInfo existing = find(name);
            if (existing == null) {
                try {
                    jsm.addStream(wanted);
                    out.println("stream " + name + ": created");
                    return;
                } catch (JetStreamApiException e) {
                    if (e.getApiErrorCode() != STREAM_NAME_IN_USE) {
                        throw e;
                    }
                    existing = find(name);
                }
            }
            out.println("stream " + name + ": exists" + adjust(existing, wanted));
        } catch (JetStreamApiException e) {
            throw new BootstrapException("cannot create stream " + name + ": " + e.getErrorDescription(), e);
        } catch (IOException e) {
            throw new BootstrapException("JetStream at " + natsUrl + " did not answer (is JetStream enabled?): "
                    + Messages.of(e), e);
        }
    }

    private StreamInfo find(String name) throws IOException, JetStreamApiException {
        try {
            return jsm.getStreamInfo(name);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == STREAM_NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }

    /**
     * An existing stream is left as it is, except a duplicate window too short for
     * idempotent publishing, which is widened (widening loses nothing). Other differences
     * are reported, not changed: changing subjects or storage of a live stream is a
     * decision for a human.
     */
    private String adjust(StreamInfo existing, StreamConfiguration wanted) throws IOException, JetStreamApiException {
        StreamConfiguration config = existing.getConfiguration();
        StringBuilder notes = new StringBuilder();
        if (config.getDuplicateWindow().compareTo(MIN_DUPLICATE_WINDOW) < 0) {
            jsm.updateStream(StreamConfiguration.builder(config).duplicateWindow(MIN_DUPLICATE_WINDOW).build());
            notes.append("; duplicate window raised from ").append(config.getDuplicateWindow().toSeconds())
                    .append("s to ").append(MIN_DUPLICATE_WINDOW.toSeconds()).append("s");
        }
        List<String> subjects = config.getSubjects();
        String wantedSubject = wanted.getSubjects().get(0);
        if (!subjects.contains(wantedSubject)) {
            notes.append("; warning: its subjects are ").append(subjects).append(", expected ").append(wantedSubject);
        }
        if (config.getStorageType() != wanted.getStorageType()) {
            notes.append("; warning: ").append(config.getStorageType()).append(" storage, expected ")
                    .append(wanted.getStorageType());
        }
        return notes.isEmpty() ? "" : " (" + notes.substring(2) + ")";
    }
}

package io.eventstream.eventstore;

import io.nats.client.Connection;
import io.nats.client.api.MessageInfo;
import java.util.ArrayList;
import java.util.List;

/** Reads what a test stream holds, message by message, straight from JetStream. */
final class StreamReader {

    private StreamReader() {
    }

    static List<MessageInfo> all(Connection nats, String stream) throws Exception {
        var jsm = nats.jetStreamManagement();
        long last = jsm.getStreamInfo(stream).getStreamState().getLastSequence();
        List<MessageInfo> messages = new ArrayList<>();
        for (long seq = 1; seq <= last; seq++) {
            try {
                messages.add(jsm.getMessage(stream, seq));
            } catch (io.nats.client.JetStreamApiException deleted) {
                // a gap in the stream: nothing stored at this sequence
            }
        }
        return messages;
    }

    static long count(Connection nats, String stream) throws Exception {
        return nats.jetStreamManagement().getStreamInfo(stream).getStreamState().getMsgCount();
    }

    /** Waits until the stream holds at least {@code expected} messages, or fails after {@code millis}. */
    static void awaitCount(Connection nats, String stream, long expected, long millis) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        while (count(nats, stream) < expected) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("stream " + stream + " holds " + count(nats, stream) + " messages, expected "
                        + expected);
            }
            Thread.sleep(20);
        }
    }

    static String header(MessageInfo m, String name) {
        return m.getHeaders() == null ? null : m.getHeaders().getFirst(name);
    }
}

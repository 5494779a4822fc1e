package io.eventstream.common.consumer;

import io.eventstream.common.events.EventHeaders;
import io.eventstream.common.testing.TestInfra;
import io.nats.client.Connection;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The setup of the DurableConsumer tests against the real NATS JetStream: one connection per test
 * class, and each test on a stream of its own. A subclass's own {@code @AfterEach} runs before
 * {@link #deleteStreams()}, so it can stop its consumers while their stream still exists.
 */
abstract class ConsumerStreamFixture {

    static Connection nats;
    String stream;

    @BeforeAll
    static void connect() throws Exception {
        nats = TestInfra.natsConnection();
    }

    @AfterAll
    static void disconnect() throws Exception {
        nats.close();
    }

    @BeforeEach
    void createStream() throws Exception {
        stream = TestInfra.uniqueStreamName();
        // The event stream and its dead-letter stream, as the bootstrapper makes them: the consumer creates neither.
        TestInfra.createStreams(nats, stream);
    }

    @AfterEach
    void deleteStreams() {
        TestInfra.deleteStream(nats, stream);
        TestInfra.deleteStream(nats, stream + "_DLQ");
    }

    /** A created event on this test's stream, with the headers the event store's relay sets. */
    void publish(String eventId, String aggregateId, String body) throws Exception {
        Headers headers = new Headers()
                .put(EventHeaders.MSG_ID, eventId)
                .put(EventHeaders.EVENT_TYPE, stream + ".created")
                .put(EventHeaders.AGGREGATE_ID, aggregateId)
                .put(EventHeaders.AGGREGATE_TYPE, "order")
                .put(EventHeaders.AGGREGATE_VERSION, "1")
                .put(EventHeaders.CORRELATION_ID, aggregateId);
        nats.jetStream().publish(NatsMessage.builder()
                .subject(stream + ".created")
                .headers(headers)
                .data(body.getBytes(StandardCharsets.UTF_8))
                .build());
    }
}

package io.eventstream.querymodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventstream.common.events.EventHeaders;
import io.nats.client.api.MessageInfo;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What the query model worker does with what it cannot project: unknown types are ignored and poison
 * is dead-lettered, events while the database is unreachable are projected when it is back; and its
 * health shows the database, NATS and the consumer.
 */
class QueryModelWorkerFailureTest extends QueryModelWorkerFixture {

    @Test
    void unknownTypesAreIgnoredAndPoisonIsDeadLettered() throws Exception {
        String ignored = UUID.randomUUID().toString();
        String badBody = UUID.randomUUID().toString();
        String noOrder = UUID.randomUUID().toString();
        publish("somethingnew", UUID.randomUUID().toString(), ignored, 4L, "{}");
        publish("created", UUID.randomUUID().toString(), badBody, 1L, "{\"order_id\":\"" + badBody
                + "\",\"order_items\":[{\"code\":\"p1\",\"unit_price\":1,\"quantity\":1}]}");
        Headers noAggregate = new Headers().put(EventHeaders.MSG_ID, noOrder);
        stream.nats().jetStream().publish(NatsMessage.builder().subject(types.approved()).headers(noAggregate).build());

        await().atMost(Duration.ofSeconds(15)).until(() -> stream.deadLetters().size() >= 2);
        List<MessageInfo> dead = stream.deadLetters();
        assertThat(dead).anySatisfy(m -> {
            assertThat(m.getHeaders().getFirst(EventHeaders.AGGREGATE_ID)).isEqualTo(badBody);
            assertThat(m.getHeaders().getFirst(EventHeaders.DLQ_REASON)).contains("no code or name");
            assertThat(m.getHeaders().getFirst(EventHeaders.DLQ_CONSUMER)).isEqualTo("query-model-worker");
        });
        assertThat(dead).anySatisfy(m -> {
            assertThat(m.getHeaders().getFirst(EventHeaders.MSG_ID)).contains(":query-model-worker:");
            assertThat(m.getHeaders().getFirst(EventHeaders.DLQ_SUBJECT)).isEqualTo(types.approved());
        });
        awaitAllAcked();
        assertThat(order(ignored)).isNull();
        assertThat(order(badBody)).isNull();
        assertThat(stream.deadLetters()).noneMatch(m -> ignored.equals(m.getHeaders().getFirst(EventHeaders.AGGREGATE_ID)));
    }

    @Test
    void eventsWhileTheDatabaseIsUnreachableAreProjectedWhenItIsBack() throws Exception {
        String orderId = UUID.randomUUID().toString();
        double failedBefore = meters.get("eventstream.consumer.failed").counter().count();
        proxy.cut();
        try {
            publish("created", UUID.randomUUID().toString(), orderId, 1L, createdJson(orderId));
            publish("approved", UUID.randomUUID().toString(), orderId, 3L, "");
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> meters.get("eventstream.consumer.failed").counter().count() >= failedBefore + 2);
            assertThat(order(orderId)).isNull();
        } finally {
            proxy.restore();
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> history(orderId).size() == 2);
        awaitOrder(orderId, "Approved", 3);
        assertFullOrder(orderId);
        awaitAllAcked();
        assertThat(history(orderId)).containsExactly("1:Pending", "3:Approved");
    }

    @Test
    void healthShowsTheDatabaseNatsAndTheConsumer() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"db\"", "\"nats\"", "\"consumer\"", "query-model-worker")
                .doesNotContain("DOWN");
    }
}

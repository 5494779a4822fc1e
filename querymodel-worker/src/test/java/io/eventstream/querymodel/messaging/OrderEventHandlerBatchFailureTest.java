package io.eventstream.querymodel.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventstream.common.consumer.EventSpans;
import io.eventstream.common.consumer.ReceivedEvent;
import io.eventstream.common.events.MalformedEventException;
import io.eventstream.querymodel.projection.InvalidEventException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A batch that cannot be stored commits nothing: one with an unparsable event (then each event alone,
 * only the bad one poison) and one the database rejects.
 */
class OrderEventHandlerBatchFailureTest extends OrderEventHandlerBatchFixture {

    @Test
    void aBatchWithAnUnparsableEventThrowsAndCommitsNothing() throws Exception {
        String good = prefix + "good";
        String bad = prefix + "bad";
        List<ReceivedEvent> batch = List.of(
                created(good, 2),
                event("paymentdebited", good, 2, payment(good)),
                event("created", bad, 1, "not json"),
                event("approved", good, 3, ""));

        assertThatThrownBy(() -> batches.handleAll(batch, EventSpans.none()))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("not JSON");
        assertThat(dump(batchData)).isEmpty();

        // What the consumer does next: each event alone; only the bad one is poison.
        for (ReceivedEvent event : batch) {
            if (bad.equals(event.aggregateId())) {
                assertThatThrownBy(() -> batches.handle(event)).isInstanceOf(MalformedEventException.class);
            } else {
                batches.handle(event);
                reference.handle(event);
            }
        }
        assertThat(dump(batchData)).isEqualTo(dump(referenceData)).isNotEmpty();
    }

    @Test
    void aBatchTheDatabaseRejectsCommitsNothing() throws Exception {
        String good = prefix + "good";
        String bad = prefix + "bad";
        String nul = "{\"order_id\":\"" + bad + "\",\"amount\":1,\"order_items\":"
                + "[{\"code\":\"p1\",\"name\":\"Pi\\u0000zza\",\"unit_price\":1,\"quantity\":1}]}";
        List<ReceivedEvent> batch = List.of(created(good, 1), event("created", bad, 1, nul), created(prefix + "z", 1));

        // PostgreSQL takes no NUL in text (SQLSTATE 22021): the event can never be stored.
        assertThatThrownBy(() -> batches.handleAll(batch, EventSpans.none()))
                .isInstanceOf(InvalidEventException.class);
        assertThat(dump(batchData)).isEmpty();
    }
}

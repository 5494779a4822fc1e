package io.eventstream.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.common.events.EventHeaders;
import io.nats.client.api.MessageInfo;
import java.util.List;

/**
 * What a worker test checks of the messages its consumer dead-lettered ({@link TestStream#awaitDeadLetters}):
 * that one of them is the given order's, put there for the expected reason, and where it matters by
 * which consumer from which subject.
 */
public final class DeadLettered {

    private DeadLettered() {
    }

    /** One of {@code dead} is {@code orderId}'s, with a reason that contains {@code reason}. */
    public static void assertOneOf(List<MessageInfo> dead, String orderId, String reason) {
        assertThat(dead).anySatisfy(m -> {
            assertThat(m.getHeaders().getFirst(EventHeaders.AGGREGATE_ID)).isEqualTo(orderId);
            assertThat(m.getHeaders().getFirst(EventHeaders.DLQ_REASON)).contains(reason);
        });
    }

    /** As {@link #assertOneOf(List, String, String)}, dead-lettered by {@code consumer} from {@code subject}. */
    public static void assertOneOf(List<MessageInfo> dead, String orderId, String reason, String consumer,
                                   String subject) {
        assertThat(dead).anySatisfy(m -> {
            assertThat(m.getHeaders().getFirst(EventHeaders.AGGREGATE_ID)).isEqualTo(orderId);
            assertThat(m.getHeaders().getFirst(EventHeaders.DLQ_REASON)).contains(reason);
            assertThat(m.getHeaders().getFirst(EventHeaders.DLQ_CONSUMER)).isEqualTo(consumer);
            assertThat(m.getHeaders().getFirst(EventHeaders.DLQ_SUBJECT)).isEqualTo(subject);
        });
    }
}

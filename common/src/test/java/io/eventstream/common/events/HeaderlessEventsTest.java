package io.eventstream.common.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What a message without headers says about itself: its bodies as the original sends them. */
class HeaderlessEventsTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theDerivedIdIsTheEffectsIdOrTheMessagesPlaceInTheStream() {
        assertThat(HeaderlessEvents.eventIdOf("ORDERS.created", "o1", 7))
                .isEqualTo(EventIds.of(OrderEventKind.CREATED, "o1"))
                .isEqualTo(HeaderlessEvents.eventIdOf("ORDERS.created", "o1", 99));
        assertThat(HeaderlessEvents.eventIdOf("ORDERS.approved", null, 7))
                .isEqualTo(HeaderlessEvents.eventIdOf("ORDERS.approved", null, 7))
                .isNotEqualTo(HeaderlessEvents.eventIdOf("ORDERS.approved", null, 8));
    }

    @Test
    void onlyTheHeaderlessEmptyApprovedIsUnreadable() {
        assertThat(HeaderlessEvents.isUnreadableOriginal(false, "ORDERS.approved", new byte[0])).isTrue();
        assertThat(HeaderlessEvents.isUnreadableOriginal(true, "ORDERS.approved", new byte[0])).isFalse();
        assertThat(HeaderlessEvents.isUnreadableOriginal(false, "ORDERS.created", new byte[0])).isFalse();
        assertThat(HeaderlessEvents.isUnreadableOriginal(false, "ORDERS.approved", bytes("garbage"))).isFalse();
    }
}

package io.eventstream.common.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConsumerTimingsTest {

    private static final ConsumerSettings DEFAULTS = ConsumerSettings.defaults("saga-coordinator", "ORDERS.*");

    @Test
    void theShippedDefaultsBringACrashedWorkersMessagesBackWithinSeconds() {
        assertThat(DEFAULTS.ackWait()).isEqualTo(Duration.ofSeconds(5));
        assertThat(DEFAULTS.heartbeatInterval()).isLessThan(DEFAULTS.ackWait());
        assertThat(ConsumerTimings.shortestDeadline(DEFAULTS)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aDeadlineCoveringTwoRedeliveryCyclesIsAccepted() {
        assertThatCode(() -> ConsumerTimings.requireDeadlineCovers("eventstream.saga.deadline", Duration.ofSeconds(60),
                "eventstream.consumer", DEFAULTS)).doesNotThrowAnyException();
        assertThatCode(() -> ConsumerTimings.requireDeadlineCovers("eventstream.saga.deadline", Duration.ofSeconds(30),
                "eventstream.consumer", DEFAULTS)).doesNotThrowAnyException();
    }

    @Test
    void aDeadlineTheRedeliveriesCouldOutlastIsRefusedInOneLineNamingEverySetting() {
        ConsumerSettings oldAckWait = new ConsumerSettings("saga-coordinator", "ORDERS.*", 4, 1024,
                Duration.ofSeconds(30), 5, Duration.ofMillis(250), Duration.ofSeconds(10));
        assertThatThrownBy(() -> ConsumerTimings.requireDeadlineCovers("eventstream.saga.deadline",
                Duration.ofSeconds(30), "eventstream.consumer", oldAckWait))
                .isInstanceOf(ConflictingSettingsException.class)
                .hasMessage("eventstream.saga.deadline (30s) must be at least 2 x (eventstream.consumer.ack-wait (30s)"
                        + " + eventstream.consumer.max-backoff (10s)) = 1m20s, or orders waiting only for a redelivery"
                        + " are cancelled: raise the deadline or shorten those")
                .message().doesNotContain("\n");
    }

    @Test
    void durationsReadAsTheyAreWritten() {
        assertThat(ConsumerTimings.human(Duration.ofMillis(250))).isEqualTo("250ms");
        assertThat(ConsumerTimings.human(Duration.ofSeconds(5))).isEqualTo("5s");
        assertThat(ConsumerTimings.human(Duration.ofSeconds(120))).isEqualTo("2m");
        assertThat(ConsumerTimings.human(Duration.ofSeconds(90))).isEqualTo("1m30s");
    }
}

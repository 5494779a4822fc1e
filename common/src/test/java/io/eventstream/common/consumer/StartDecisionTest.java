package io.eventstream.common.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The start-policy setting and where a new consumer starts, as plain Java. */
class StartDecisionTest {

    @Test
    void everyPolicyParsesAndPrintsAsWritten() {
        assertThat(StartPolicy.parse(null)).isEqualTo(StartPolicy.AFTER_EXISTING);
        assertThat(StartPolicy.parse(" ")).isEqualTo(StartPolicy.AFTER_EXISTING);
        assertThat(StartPolicy.parse("after-existing")).isEqualTo(StartPolicy.AFTER_EXISTING);
        assertThat(StartPolicy.parse("new")).isEqualTo(StartPolicy.NEW);
        assertThat(StartPolicy.parse("all")).isEqualTo(StartPolicy.ALL);
        assertThat(StartPolicy.parse("sequence:42")).isEqualTo(new StartPolicy(StartPolicy.Kind.SEQUENCE, 42, null));
        assertThat(StartPolicy.parse("time:2026-12-04T20:00:00Z")).isEqualTo(
                new StartPolicy(StartPolicy.Kind.TIME, 0, Instant.parse("2026-12-04T20:00:00Z")));
        assertThat(StartPolicy.parse("time:2026-12-04T21:00:00.5+01:00")).isEqualTo(
                new StartPolicy(StartPolicy.Kind.TIME, 0, Instant.parse("2026-12-04T20:00:00.5Z")));
        for (String s : new String[] {"after-existing", "new", "all", "sequence:42", "time:2026-12-04T20:00:00Z"}) {
            assertThat(StartPolicy.parse(s)).hasToString(s);
        }
    }

    @Test
    void aValueThatIsNoPolicyIsRefusedInOneLineNamingTheSetting() {
        for (String bad : new String[] {"All", "first", "sequence:0", "sequence:-3", "sequence:x", "sequence:",
                "time:yesterday", "time:2026-12-04", "after_existing"}) {
            ConsumerProperties props = new ConsumerProperties(null, null, null, null, null, null, null, null, bad, null, null);
            assertThatThrownBy(() -> props.toSettings("payment-worker", "ORDERS.created"))
                    .isInstanceOf(ConflictingSettingsException.class)
                    .hasMessageStartingWith("eventstream.consumer.start-policy: \"" + bad + "\" is not a start policy; use after-existing, new, all,")
                    .hasMessageNotContaining("\n");
        }
    }

    @Test
    void theSettingReachesTheConsumerSettingsAndTheDefaultIsAfterExisting() {
        assertThat(new ConsumerProperties(null, null, null, null, null, null, null, null)
                .toSettings("w", "S.created").startPolicy()).isEqualTo(StartPolicy.AFTER_EXISTING);
        ConsumerSettings s = new ConsumerProperties(null, null, null, Duration.ofSeconds(3), null, null, null, 8, "sequence:7", null, null)
                .toSettings("w", "S.created");
        assertThat(s.startPolicy()).isEqualTo(StartPolicy.parse("sequence:7"));
        assertThat(s.withDurable("w-refunds", "S.refundrequested").startPolicy()).isEqualTo(s.startPolicy());
        assertThat(s.withMaxBatch(1).startPolicy()).isEqualTo(s.startPolicy());
    }

    @Test
    void afterExistingStartsRightAfterTheForeignFloorAndChecksUpToTheStreamsEnd() {
        ConsumerStart start = StartDecision.decide(StartPolicy.AFTER_EXISTING, OptionalLong.of(40), 57);
        assertThat(start.from()).isEqualTo(StartPolicy.parse("sequence:41"));
        assertThat(start.handledThrough()).isEqualTo(57);
    }

    @Test
    void afterExistingWithAFloorOfNothingStartsAtOneBecauseTheOldConsumerAckedNothing() {
        assertThat(StartDecision.decide(StartPolicy.AFTER_EXISTING, OptionalLong.of(0), 5).from())
                .isEqualTo(StartPolicy.parse("sequence:1"));
    }

    @Test
    void afterExistingWithoutAConsumerTakesEverythingAndChecksWhatWasAlreadyThere() {
        assertThat(StartDecision.decide(StartPolicy.AFTER_EXISTING, OptionalLong.empty(), 0))
                .isEqualTo(new ConsumerStart(StartPolicy.ALL, 0));
        assertThat(StartDecision.decide(StartPolicy.AFTER_EXISTING, OptionalLong.empty(), 12))
                .isEqualTo(new ConsumerStart(StartPolicy.ALL, 12));
    }

    @Test
    void newSkipsEverythingThereSoNothingNeedsAChecks() {
        assertThat(StartDecision.decide(StartPolicy.NEW, OptionalLong.of(3), 12))
                .isEqualTo(new ConsumerStart(StartPolicy.parse("sequence:13"), 0));
        assertThat(StartDecision.decide(StartPolicy.NEW, OptionalLong.empty(), 0))
                .isEqualTo(new ConsumerStart(StartPolicy.parse("sequence:1"), 0));
    }

    @Test
    void allSequenceAndTimeIgnoreTheFloorAndCheckEverythingAlreadyThere() {
        for (String p : new String[] {"all", "sequence:2", "time:2026-12-04T20:00:00Z"}) {
            ConsumerStart start = StartDecision.decide(StartPolicy.parse(p), OptionalLong.of(9), 12);
            assertThat(start.from()).hasToString(p);
            assertThat(start.handledThrough()).isEqualTo(12);
        }
    }

    @Test
    void theDescriptionMarksOursAndKeepsTheCheckedRange() {
        ConsumerStart start = new ConsumerStart(StartPolicy.parse("sequence:41"), 57);
        assertThat(start.description()).isEqualTo("eventstream consumer; start sequence:41; may be handled through 57");
        assertThat(ConsumerStart.handledThrough(start.description())).contains(57L);
        assertThat(ConsumerStart.handledThrough(null)).isEmpty();
        assertThat(ConsumerStart.handledThrough("")).isEmpty();
        assertThat(ConsumerStart.handledThrough("payment worker of the original")).isEmpty();
    }
}

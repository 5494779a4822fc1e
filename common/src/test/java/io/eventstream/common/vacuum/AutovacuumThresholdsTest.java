package io.eventstream.common.vacuum;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AutovacuumThresholdsTest {

    private final AutovacuumThresholds defaults = AutovacuumThresholds.POSTGRESQL_DEFAULTS;

    @Test
    void aTableIsVacuumedOnceItsDeadRowsPassFiftyAndAFifthOfItsLiveRows() {
        assertThat(defaults.needsVacuum(new TableActivity("orders", 10_000, 2_050, 0))).isFalse();
        assertThat(defaults.needsVacuum(new TableActivity("orders", 10_000, 2_051, 0))).isTrue();
        assertThat(defaults.needsVacuum(new TableActivity("outbox", 0, 51, 0))).as("an empty queue table").isTrue();
    }

    @Test
    void aTableIsAnalysedOnceItsChangesPassFiftyAndATenthOfItsLiveRows() {
        assertThat(defaults.needsAnalyze(new TableActivity("events", 100_000, 0, 10_050))).isFalse();
        assertThat(defaults.needsAnalyze(new TableActivity("events", 100_000, 0, 10_051))).isTrue();
    }

    @Test
    void theServersOwnSettingsDecide() {
        AutovacuumThresholds eager = new AutovacuumThresholds(0, 0.01, 0, 0.01);
        assertThat(eager.needsVacuum(new TableActivity("orders", 10_000, 101, 0))).isTrue();
        assertThat(defaults.needsVacuum(new TableActivity("orders", 10_000, 101, 0))).isFalse();
    }
}

package io.eventstream.loadtool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void defaultsFitALocalSuite() {
        Options o = Options.parse();
        assertThat(o.get("api")).isEqualTo("http://127.0.0.1:3000");
        assertThat(o.integer("concurrency")).isEqualTo(16);
        assertThat(o.rate()).isZero();
    }

    @Test
    void takesBothSpellingsOfAValueAndARatePerSecond() {
        Options o = Options.parse("--orders", "5000", "--rate=300/s");
        assertThat(o.integer("orders")).isEqualTo(5000);
        assertThat(o.rate()).isEqualTo(300.0);
        assertThat(Options.parse("--rate", "42.5").rate()).isEqualTo(42.5);
    }

    @Test
    void refusesUnknownOptionsMissingValuesAndNonPositiveRates() {
        assertThatThrownBy(() -> Options.parse("--order", "5")).hasMessageContaining("unknown option --order");
        assertThatThrownBy(() -> Options.parse("--orders")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> Options.parse("orders")).hasMessageContaining("unexpected argument");
        assertThatThrownBy(() -> Options.parse("--rate", "0/s").rate()).hasMessageContaining("positive");
    }

    @Test
    void helpIsAFlag() {
        assertThat(Options.parse("--help").has("help")).isTrue();
        assertThat(Options.parse().has("help")).isFalse();
    }
}

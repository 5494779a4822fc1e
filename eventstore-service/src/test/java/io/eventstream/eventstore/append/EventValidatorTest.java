package io.eventstream.eventstore.append;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** event_data: empty or exactly one valid JSON value, checked token by token. */
class EventValidatorTest {

    private final EventValidator validator = new EventValidator(1024 * 1024);

    @ParameterizedTest
    @ValueSource(strings = {"{}", "[]", "\"text\"", "41.5", "-1e10", "true", "null", " { \"a\" : [1, {\"b\": \"\\u00e9\\n\"}] } ",
            "{\"order_id\":\"o\",\"amount\":41.5,\"order_items\":[{\"code\":\"p1\",\"quantity\":2}]}"})
    void oneJsonValueIsAccepted(String data) {
        assertThatCode(() -> validator.validate(event(data))).doesNotThrowAnyException();
    }

    @Test
    void noDataIsAccepted() {
        assertThatCode(() -> validator.validate(event(""))).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{not json", "{\"a\":1} trailing", "{\"a\":1} {}", "1 2", "   ", "{\"a\":1", "[1,]",
            "{\"a\":\"bad escape \\q\"}", "\"control \u0001 character\"", "\"unterminated", "{\"a\":01}", "NaN",
            "{'a':1}", "[1] ]"})
    void anythingElseIsRefused(String data) {
        assertThatThrownBy(() -> validator.validate(event(data)))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith("event_data is not valid JSON");
    }

    private static NewEvent event(String data) {
        return new NewEvent("e-1", "ORDERS.created", "o-1", "order", data, "ORDERS", Map.of());
    }
}

package io.eventstream.common.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoreCallRetryTest {

    private final StoreCallRetry retry = new StoreCallRetry(3, Duration.ofMillis(10));
    private final List<Integer> attempts = new ArrayList<>();

    @Test
    void an_unavailable_store_is_asked_again_until_it_answers() {
        String answer = retry.call(attempt -> {
            attempts.add(attempt);
            if (attempt < 3) {
                throw failure(Status.Code.UNAVAILABLE);
            }
            return "stored";
        });

        assertThat(answer).isEqualTo("stored");
        assertThat(attempts).containsExactly(1, 2, 3);
    }

    @Test
    void a_deadline_exceeded_is_asked_again_because_the_store_may_not_have_committed() {
        String answer = retry.call(attempt -> {
            attempts.add(attempt);
            if (attempt == 1) {
                throw failure(Status.Code.DEADLINE_EXCEEDED);
            }
            return "stored";
        });

        assertThat(answer).isEqualTo("stored");
        assertThat(attempts).containsExactly(1, 2);
    }

    @Test
    void after_the_last_attempt_the_last_failure_is_thrown_as_it_was() {
        assertThatThrownBy(() -> retry.call(attempt -> {
            attempts.add(attempt);
            throw failure(Status.Code.UNAVAILABLE, "down " + attempt);
        })).isInstanceOf(EventStoreException.class).hasMessage("down 3");

        assertThat(attempts).containsExactly(1, 2, 3);
    }

    @Test
    void a_refused_request_is_not_asked_again() {
        assertThatThrownBy(() -> retry.call(attempt -> {
            attempts.add(attempt);
            throw failure(Status.Code.INVALID_ARGUMENT);
        })).isInstanceOf(EventStoreException.class)
                .extracting(e -> ((EventStoreException) e).code()).isEqualTo(Status.Code.INVALID_ARGUMENT);

        assertThat(attempts).containsExactly(1);
    }

    @Test
    void a_failure_that_is_not_the_stores_is_not_asked_again() {
        assertThatThrownBy(() -> retry.call(attempt -> {
            attempts.add(attempt);
            throw new IllegalStateException("bug");
        })).isInstanceOf(IllegalStateException.class).hasMessage("bug");

        assertThat(attempts).containsExactly(1);
    }

    @Test
    void one_attempt_means_no_retry_and_none_is_refused() {
        StoreCallRetry once = new StoreCallRetry(1, Duration.ofMillis(10));
        assertThatThrownBy(() -> once.call(attempt -> {
            attempts.add(attempt);
            throw failure(Status.Code.UNAVAILABLE);
        })).isInstanceOf(EventStoreException.class);
        assertThat(attempts).containsExactly(1);

        assertThatThrownBy(() -> new StoreCallRetry(0, Duration.ofMillis(10)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static EventStoreException failure(Status.Code code) {
        return failure(code, code.name());
    }

    private static EventStoreException failure(Status.Code code, String message) {
        return new EventStoreException(code, message, null);
    }
}

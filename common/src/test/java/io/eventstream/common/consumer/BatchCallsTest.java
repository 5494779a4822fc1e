package io.eventstream.common.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatchCallsTest {

    private final ExecutorService threads = Executors.newFixedThreadPool(3);

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void answersTheResultsInTheOrderOfTheCalls() throws Exception {
        List<Future<String>> calls = List.of(
                threads.submit(() -> {
                    Thread.sleep(100);
                    return "first";
                }),
                threads.submit(() -> "second"));

        assertThat(BatchCalls.awaitAll(calls)).containsExactly("first", "second");
    }

    @Test
    void throwsTheFirstFailureOnlyOnceEveryCallHasEnded() {
        CountDownLatch failed = new CountDownLatch(2);
        AtomicBoolean slowCallEnded = new AtomicBoolean();
        List<Future<String>> calls = List.of(
                threads.submit(() -> {
                    failed.countDown();
                    throw new IllegalStateException("store unavailable");
                }),
                threads.submit(() -> {
                    failed.countDown();
                    throw new IllegalArgumentException("refused");
                }),
                threads.submit(() -> {
                    failed.await(5, TimeUnit.SECONDS);
                    Thread.sleep(200);
                    slowCallEnded.set(true);
                    return "slow";
                }));

        assertThatThrownBy(() -> BatchCalls.awaitAll(calls))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("store unavailable")
                .satisfies(e -> assertThat(e.getSuppressed()).singleElement()
                        .isInstanceOf(IllegalArgumentException.class));
        assertThat(slowCallEnded).as("no call still runs when the batch fails").isTrue();
    }

    @Test
    void settlesEveryAnswerEvenAfterAFailureThenThrowsTheFirstWithTheOthersSuppressed() {
        List<Integer> settled = new ArrayList<>();

        assertThatThrownBy(() -> BatchCalls.settleEach(4, i -> {
            settled.add(i);
            if (i % 2 == 1) {
                throw new IllegalStateException("answer " + i);
            }
            return i;
        })).isInstanceOf(IllegalStateException.class).hasMessage("answer 1")
                .satisfies(e -> assertThat(e.getSuppressed()).extracting(Throwable::getMessage).containsExactly("answer 3"));
        assertThat(settled).containsExactly(0, 1, 2, 3);
        assertThat(BatchCalls.settleEach(3, i -> "r" + i)).containsExactly("r0", "r1", "r2");
    }
}

package io.eventstream.querymodel.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.common.consumer.EventSpans;
import io.eventstream.common.consumer.ReceivedEvent;
import io.eventstream.querymodel.jdbc.Transactions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Batches against the real PostgreSQL: the same events go one by one into one database and as batches
 * into another, and both read models must end up row for row the same, also with random streams in
 * batches of any size, the same batch twice, and batches applied concurrently.
 */
class OrderEventHandlerBatchTest extends OrderEventHandlerBatchFixture {

    @Test
    void aBatchEndsLikeTheSameEventsOneByOne() throws Exception {
        String a = prefix + "a";
        String b = prefix + "b";
        String c = prefix + "c";
        String d = prefix + "d";
        String e = prefix + "e";
        String big = prefix + "big";
        List<ReceivedEvent> batch = List.of(
                created(a, 2),
                event("paymentdebited", a, 2, payment(a)),     // the same order twice in one batch
                event("approved", b, 3, ""),                    // out of order: approved before created
                created(c, 0),
                created(a, 2),                                  // a duplicate
                created(b, 1),
                event("somethingnew", prefix + "ignored", 1, "{}"),
                created(d, 3),
                event("cancelrequested", d, 2, reason(d, "changed my mind")),
                event("cancelled", d, 3, reason(d, "changed my mind")),
                event("paymentdebited", d, 4, payment(d)),      // a late debit after the terminal status
                event("refundrequested", d, 5, reason(d, "paid after the cancellation")),
                event("paymentfailed", e, 2, reason(e, "no money")),
                event("rejected", e, 3, reason(e, "no money")),
                created(e, 1),
                created(big, 1001),                             // more items than one statement takes
                event("paymentdebited", b, 2, payment(b)));

        batch.forEach(reference::handle);
        batches.handleAll(batch, EventSpans.none());

        List<String> expected = dump(referenceData);
        assertThat(dump(batchData)).isEqualTo(expected);
        // ...and both are what the projection promises, not two equal mistakes.
        for (String row : List.of(
                "order " + a + " c-" + a + " PaymentDebited v2 reason=null amount=10.00 restaurant=r1 created=2024-05-01 10:30",
                "order " + b + " c-" + b + " Approved v3 reason=null amount=10.00 restaurant=r1 created=2024-05-01 10:30",
                "order " + c + " c-" + c + " Pending v1 reason=null",
                "order " + d + " c-" + d + " Cancelled v3 reason=changed my mind amount=10.00",
                "order " + e + " c-" + e + " Rejected v3 reason=no money amount=10.00",
                "history " + b + " 1 Pending null",
                "history " + d + " 5 RefundRequested paid after the cancellation")) {
            assertThat(expected).anyMatch(dumped -> dumped.startsWith(row));
        }
        assertThat(expected.stream().filter(row -> row.startsWith("item " + big + ":"))).hasSize(1001);
        assertThat(expected.stream().filter(row -> row.startsWith("item " + a + ":"))).hasSize(2);
        assertThat(expected).noneMatch(row -> row.contains("ignored"));
    }

    @Test
    void randomStreamsInBatchesOfAnySizeEndLikeOneByOne() throws Exception {
        for (int seed = 1; seed <= 4; seed++) {
            prefix = UUID.randomUUID().toString().substring(0, 8) + "-";
            Random random = new Random(seed);
            List<ReceivedEvent> stream = stream(random, 30);
            stream.forEach(reference::handle);
            for (int from = 0; from < stream.size(); ) {
                int to = Math.min(stream.size(), from + 1 + random.nextInt(64));
                batches.handleAll(stream.subList(from, to), EventSpans.none());
                from = to;
            }
            assertThat(dump(batchData)).as("seed %d", seed).isEqualTo(dump(referenceData));
        }
    }

    @Test
    void theSameBatchTwiceChangesNothing() throws Exception {
        List<ReceivedEvent> batch = stream(new Random(7), 20);
        batches.handleAll(batch, EventSpans.none());
        List<String> once = dump(batchData);

        batches.handleAll(batch, EventSpans.none());

        assertThat(dump(batchData)).isEqualTo(once);
        assertThat(once).hasSizeGreaterThan(20 * 3);
    }

    /**
     * Four threads apply consecutive batches of one stream at once, as the consumer does: the
     * batches share orders (created in one, the debit in the next). With one attempt per
     * transaction, a deadlock (or any other retry) would fail the test; without the claim of
     * the orders in id order it does. The reference applies the same batches one after another
     * (equal to one by one, see above).
     */
    @Test
    void concurrentBatchesOfSharedOrdersNeitherDeadlockNorDiffer() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            OrderEventHandler once = handler(new Transactions(batchData, false));
            for (int round = 0; round < 10; round++) {
                prefix = UUID.randomUUID().toString().substring(0, 8) + "-";
                List<ReceivedEvent> stream = stream(new Random(100 + round), 80);
                List<Future<?>> running = new ArrayList<>();
                for (int from = 0; from < stream.size(); from += 24) {
                    List<ReceivedEvent> batch = stream.subList(from, Math.min(stream.size(), from + 24));
                    reference.handleAll(batch, EventSpans.none());
                    running.add(threads.submit(() -> {
                        once.handleAll(batch, EventSpans.none());
                        return null;
                    }));
                }
                for (Future<?> batch : running) {
                    batch.get();
                }
                assertThat(dump(batchData)).as("round %d", round).isEqualTo(dump(referenceData));
            }
        } finally {
            threads.shutdownNow();
        }
    }
}

package io.eventstream.saga.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code --verify} ({@link SagaCheck}) after a rebuild of the log with orders in every saga state
 * (real PostgreSQL, common's gRPC FakeEventStore): a tampered sagadb (a state, a missing step, a
 * row the log does not know) is reported exactly. A class of its own, split from the rebuild's
 * tests, because it checks the check, not the rebuild.
 */
class SagaCheckTest extends SagaRebuildFixture {

    @Test
    void verifyPrintsWhatDiffersFromTheLog() throws Exception {
        rebuild(4).run(false);
        jdbc.update("UPDATE saga_orders SET state = 'Started', last_version = 1 WHERE order_id = ?", paymentFailed);
        jdbc.update("DELETE FROM saga_steps WHERE order_id = ? AND version = 2", refundUnderWay);
        jdbc.update("INSERT INTO saga_orders (order_id, state, awaiting_deadline, last_version) VALUES ('ghost', 'Started', true, 1)");

        List<SagaCheck.Difference> found = check().run();

        assertThat(found).extracting(SagaCheck.Difference::toString).containsExactlyInAnyOrder(
                "order ghost: saga_orders in sagadb OrderRow[state=Started, reason=null, customerId=null, amount=null,"
                        + " lastVersion=1], the log implies null",
                "order " + paymentFailed + ": saga_orders in sagadb OrderRow[state=Started, reason=insufficient funds,"
                        + " customerId=c1, amount=21.00, lastVersion=1], the log implies OrderRow[state=Rejected,"
                        + " reason=insufficient funds, customerId=c1, amount=21.0, lastVersion=3]",
                "order " + refundUnderWay + ": saga_steps version 2 in sagadb null, the log implies StepRow[kind=paymentdebited,"
                        + " reason=null, customerId=c1, amount=21]");
    }
}

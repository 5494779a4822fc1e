package io.eventstream.common.consumer;

import java.util.OptionalLong;

/**
 * Where a consumer we are about to create starts, from the start policy and what is on the
 * server. Plain Java, so every case is a unit test ({@code StartDecisionTest}).
 *
 * <p>Whatever the policy, every message already in the stream when the consumer is created may
 * have been handled by someone (the consumer we take over, acked above its floor out of order
 * or in flight when it stopped; or a consumer an operator deleted by hand): the start's
 * {@code handledThrough} is the stream's last sequence then, unless the policy skips all of
 * them ({@code new}).
 */
final class StartDecision {

    private StartDecision() {
    }

    /**
     * @param foreignAckFloor the acknowledged floor (a stream sequence) of a consumer of our name
     *                        that we did not create, empty when there is none
     * @param lastSequence    the stream's last sequence now (0: empty and never written)
     */
    static ConsumerStart decide(StartPolicy policy, OptionalLong foreignAckFloor, long lastSequence) {
        return switch (policy.kind()) {
            case NEW -> new ConsumerStart(sequence(lastSequence + 1), 0);
            case ALL, SEQUENCE, TIME -> new ConsumerStart(policy, lastSequence);
            case AFTER_EXISTING -> foreignAckFloor.isPresent()
                    ? new ConsumerStart(sequence(foreignAckFloor.getAsLong() + 1), lastSequence)
                    : new ConsumerStart(StartPolicy.ALL, lastSequence);
        };
    }

    private static StartPolicy sequence(long first) {
        return new StartPolicy(StartPolicy.Kind.SEQUENCE, first, null);
    }
}

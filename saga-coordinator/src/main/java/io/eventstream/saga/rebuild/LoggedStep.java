package io.eventstream.saga.rebuild;

import io.eventstream.saga.process.Step;

/**
 * One event of the log as the rebuild reads it.
 *
 * @param position its global position in the log
 * @param orderId  the order it belongs to, or null when it is none of this stream's order events
 * @param step     the order's step, or null with {@code orderId}
 */
public record LoggedStep(long position, String orderId, Step step) {
}

package io.eventstream.loadtool.eventstore;

import io.eventstream.loadtool.stats.Percentiles;
import java.util.Map;

/**
 * One concurrency level of the event store bench.
 *
 * @param ackToArrival      CreateEvent's answer at the client to the event's arrival at a JetStream consumer
 * @param commitToArrival   the event's created_at (set in its transaction) to its arrival at a JetStream consumer
 * @param arrivedBeforeAck  events that reached the consumer before their CreateEvent answer reached the client
 * @param publishedPerSecond events of the level that reached the consumer, per second from the level's start
 *                          to the last arrival: what the relay kept up with
 * @param backlogAtStart     events of earlier runs still in the outbox when the level started (should be 0)
 * @param outboxLagMetric   the event store's own {@code eventstore.outbox.lag} (commit to JetStream ack) after the level
 */
public record LevelResult(int concurrency, double seconds, long appended, long errors, double appendsPerSecond,
                          Percentiles latency, long published, long notPublished, double publishedPerSecond, Percentiles ackToArrival,
                          Percentiles commitToArrival, long arrivedBeforeAck, Map<String, Double> outboxLagMetric,
                          double ratioToPgbenchInsert, long backlogAtStart) {
}

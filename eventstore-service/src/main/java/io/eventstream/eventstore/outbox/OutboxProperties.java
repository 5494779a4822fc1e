package io.eventstream.eventstore.outbox;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.UUID;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The relay that moves committed events from the outbox to JetStream.
 *
 * @param enabled        false runs the store without publishing (events wait in the outbox)
 * @param batchSize      events positioned and published per round trip
 * @param idlePoll       how often an idle relay looks for events appended by other instances
 * @param standbyPoll    how often a standby instance tries to take over the lease
 * @param leaseTtl       how long the lease lasts without renewal; a crashed relay is replaced after this
 * @param publishTimeout how long to wait for JetStream's acks of one batch
 * @param instanceId     this instance's name in the lease table
 * @param linger         how long a relay woken from idle by an append waits before its round, so
 *                       that the appends of that moment share the round (0: none)
 */
@ConfigurationProperties("eventstream.outbox")
public record OutboxProperties(
        Boolean enabled,
        Integer batchSize,
        Duration idlePoll,
        Duration standbyPoll,
        Duration leaseTtl,
        Duration publishTimeout,
        String instanceId,
        Duration linger) {

    public OutboxProperties {
        enabled = enabled == null || enabled;
        batchSize = batchSize == null ? 500 : batchSize;
        idlePoll = idlePoll == null ? Duration.ofMillis(100) : idlePoll;
        standbyPoll = standbyPoll == null ? Duration.ofSeconds(1) : standbyPoll;
        leaseTtl = leaseTtl == null ? Duration.ofSeconds(5) : leaseTtl;
        publishTimeout = publishTimeout == null ? Duration.ofSeconds(5) : publishTimeout;
        instanceId = instanceId == null || instanceId.isBlank()
                ? ManagementFactory.getRuntimeMXBean().getName() + "-" + UUID.randomUUID().toString().substring(0, 8)
                : instanceId;
        // 5 ms: at 100 orders/s a round per event cost more than the event (README, "Publishing").
        linger = linger == null || linger.isNegative() ? Duration.ofMillis(5) : linger;
    }
}

package io.eventstream.orders.board;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The live board's feed.
 *
 * @param fromPosition  where the one upstream stream starts in the event store (0: the beginning)
 * @param replayEvents  how many recent events are kept for browsers that reconnect with Last-Event-ID
 * @param retry         pause before the upstream stream is opened again after it failed
 * @param emitterTimeout how long one browser connection lives before the browser reconnects
 */
@ConfigurationProperties("eventstream.board")
public record BoardProperties(Long fromPosition, Integer replayEvents, Duration retry, Duration emitterTimeout) {

    public BoardProperties {
        fromPosition = fromPosition == null ? 0L : fromPosition;
        replayEvents = replayEvents == null ? 2000 : replayEvents;
        retry = retry == null ? Duration.ofSeconds(1) : retry;
        emitterTimeout = emitterTimeout == null ? Duration.ofMinutes(10) : emitterTimeout;
    }
}

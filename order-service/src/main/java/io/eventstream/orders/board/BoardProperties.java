package io.eventstream.orders.board;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The live board's feed.
 *
 * @param contextEvents how many events before the end of the log the upstream stream starts at when the
 *                      feed opens: the board shows them for context, flagged as history, never as current
 * @param replayEvents  how many recent events are kept for browsers that reconnect with Last-Event-ID
 * @param retry         pause before the upstream stream is opened again after it failed
 * @param emitterTimeout how long one browser connection lives before the browser reconnects
 */
@ConfigurationProperties("eventstream.board")
public record BoardProperties(Integer contextEvents, Integer replayEvents, Duration retry, Duration emitterTimeout) {

    public BoardProperties {
        contextEvents = contextEvents == null ? 300 : Math.max(0, contextEvents);
        replayEvents = replayEvents == null ? 2000 : replayEvents;
        retry = retry == null ? Duration.ofSeconds(1) : retry;
        emitterTimeout = emitterTimeout == null ? Duration.ofMinutes(10) : emitterTimeout;
    }
}

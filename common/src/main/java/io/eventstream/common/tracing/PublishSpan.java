package io.eventstream.common.tracing;

import io.micrometer.tracing.Span;
import java.util.Map;

/**
 * The span of one publish to NATS.
 *
 * @param headers the span's own context ({@code traceparent}...) to send with the message;
 *                empty when tracing is off
 */
public record PublishSpan(Span span, Map<String, String> headers) {

    public void acked() {
        span.end();
    }

    public void failed(Throwable error) {
        span.error(error);
        span.end();
    }
}

package io.eventstream.common.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** {@code eventstream.tracing.client-context=ignore}: what the rest of the request sees of a caller's trace headers. */
class ClientTraceHeadersIgnoredTest {

    @Test
    void theCallersTraceHeadersAreHiddenAndTheOthersKept() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/orders");
        request.addHeader("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        request.addHeader("tracestate", "x=1");
        request.addHeader("b3", "1");
        request.addHeader("X-B3-Sampled", "1");
        request.addHeader("X-B3-TraceId", "4bf92f3577b34da6");
        request.addHeader("Authorization", "Bearer t");
        AtomicReference<HttpServletRequest> seen = new AtomicReference<>();

        new ClientTraceHeadersIgnored().doFilter(request, new MockHttpServletResponse(),
                (req, res) -> seen.set((HttpServletRequest) req));

        HttpServletRequest filtered = seen.get();
        for (String name : new String[] {"traceparent", "TraceParent", "tracestate", "b3", "x-b3-sampled",
                "X-B3-TraceId"}) {
            assertThat(filtered.getHeader(name)).as(name).isNull();
            assertThat(Collections.list(filtered.getHeaders(name))).as(name).isEmpty();
        }
        assertThat(filtered.getHeader("Authorization")).isEqualTo("Bearer t");
        assertThat(Collections.list(filtered.getHeaderNames())).containsExactly("Authorization");
    }
}

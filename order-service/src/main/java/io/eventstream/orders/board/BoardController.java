package io.eventstream.orders.board;

import io.eventstream.orders.http.InvalidRequestException;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The live board's API; the page itself is static (/board/). */
@RestController
public class BoardController {

    private static final int MAX_RECENT = 200;

    private final BoardFeed feed;
    private final RecentOrders orders;

    public BoardController(BoardFeed feed, RecentOrders orders) {
        this.feed = feed;
        this.orders = orders;
    }

    /** Every order event from now on (or after Last-Event-ID, an event position), as server-sent events. */
    @GetMapping(path = "/api/board/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public SseEmitter events(@RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        return feed.subscribe(position(lastEventId));
    }

    @GetMapping("/api/orders/recent")
    public List<RecentOrder> recent(@RequestParam(name = "limit", required = false) String limit) {
        return orders.newest(limit(limit));
    }

    @GetMapping("/api/board/counts")
    public Map<String, Long> counts() {
        return orders.countsByStatus();
    }

    private static Long position(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return null;
        }
        try {
            return Math.max(0, Long.parseLong(lastEventId.trim()));
        } catch (NumberFormatException e) {
            throw InvalidRequestException.of("Last-Event-ID", "must be an event position (an integer)");
        }
    }

    private static int limit(String limit) {
        if (limit == null || limit.isBlank()) {
            return 50;
        }
        try {
            int n = Integer.parseInt(limit.trim());
            if (n >= 1 && n <= MAX_RECENT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw InvalidRequestException.of("limit", "must be an integer from 1 to " + MAX_RECENT);
    }
}

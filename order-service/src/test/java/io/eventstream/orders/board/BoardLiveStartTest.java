package io.eventstream.orders.board;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.common.testing.FollowableLog;
import io.eventstream.common.testing.TestInfra;
import io.eventstream.orders.DependencyProperties;
import io.eventstream.orders.ReadModelDatabase;
import io.eventstream.orders.board.Sse.SseEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Live means now: with a log of {@value #IN_LOG} events before the board opens, a browser gets
 * only the last {@value #CONTEXT} of them, flagged as history, then the new ones, not flagged; a
 * second browser gets the same context, flagged, from what the feed kept.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "eventstream.board.context-events=" + BoardLiveStartTest.CONTEXT)
class BoardLiveStartTest {

    static final int IN_LOG = 500;
    static final int CONTEXT = 25;
    static final String STREAM = TestInfra.uniqueStreamName();
    static final FollowableLog STORE = FollowableLog.withTls();
    static final ReadModelDatabase DB = ReadModelDatabase.create();

    static {
        for (int i = 0; i < IN_LOG; i++) {
            STORE.append(STREAM + ".created", UUID.randomUUID().toString(), 1);
        }
    }

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        DependencyProperties.register(registry, STORE::target, DB, () -> STREAM);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        STORE.close();
        DB.drop();
    }

    @Test
    void aBoardOnALongLogGetsTheLastContextEventsAsHistoryThenLiveOnes() throws Exception {
        List<Long> context = LongStream.rangeClosed(IN_LOG - CONTEXT + 1, IN_LOG).boxed().toList();
        try (Sse first = Sse.open(port, null)) {
            first.awaitComment();
            List<SseEvent> history = new ArrayList<>();
            for (int i = 0; i < CONTEXT; i++) {
                history.add(first.next());
            }
            assertThat(history).extracting(e -> Long.parseLong(e.id())).containsExactlyElementsOf(context);
            assertThat(history).allSatisfy(e -> assertThat(e.data().get("history").booleanValue()).isTrue());
            assertThat(STORE.requestedPositions()).as("the upstream stream starts near the end, not at 0")
                    .containsExactly((long) IN_LOG - CONTEXT);

            String order = UUID.randomUUID().toString();
            long placed = STORE.append(STREAM + ".created", order, 1).getPosition();
            SseEvent live = first.next();
            assertThat(live.id()).isEqualTo(Long.toString(placed));
            assertThat(live.data().get("order_id").stringValue()).isEqualTo(order);
            assertThat(live.data().get("history").booleanValue()).as("placed after the board opened").isFalse();

            // A browser that comes later gets the last context events the feed kept, all as history.
            try (Sse second = Sse.open(port, null)) {
                List<SseEvent> kept = new ArrayList<>();
                for (int i = 0; i < CONTEXT; i++) {
                    kept.add(second.next());
                }
                assertThat(kept).extracting(e -> Long.parseLong(e.id()))
                        .containsExactlyElementsOf(LongStream.rangeClosed(placed - CONTEXT + 1, placed).boxed().toList());
                assertThat(kept).allSatisfy(e -> assertThat(e.data().get("history").booleanValue()).isTrue());
                long next = STORE.append(STREAM + ".approved", order, 2).getPosition();
                SseEvent now = second.next();
                assertThat(now.id()).isEqualTo(Long.toString(next));
                assertThat(now.data().get("history").booleanValue()).isFalse();
            }
        }
    }
}

package io.eventstream.e2e;

import io.eventstream.common.events.EventHeaders;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What must hold of a settled suite's streams: every stored event on the order stream exactly
 * once, and the dead-letter stream holding exactly the dead letters a scenario caused. They read
 * a whole stream, so only a suite of its own can pass them: the fault suite reports them after
 * every scenario, beside the {@link Invariants}.
 */
final class StreamChecks {

    private final Suite suite;

    StreamChecks(Suite suite) {
        this.suite = suite;
    }

    /**
     * Every stored event is on the stream exactly once (Nats-Msg-Id = event id), and the stream
     * holds nothing else except the messages a scenario put there on purpose ({@code injected}:
     * stream sequences of poison messages and deliberate duplicates).
     */
    Check published(EventLog log, Set<Long> injected) throws Exception {
        Set<String> stored = new HashSet<>();
        log.byOrder().values().forEach(events -> events.forEach(e -> stored.add(e.id())));
        List<String> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int messages = 0;
        try (var nats = suite.infra.natsConnection()) {
            var state = nats.jetStreamManagement().getStreamInfo(suite.stream).getStreamState();
            long last = state.getLastSequence();
            if (state.getMsgCount() > 0) {
                JetStreamSubscription sub = nats.jetStream().subscribe(suite.stream + ".*", PushSubscribeOptions.builder()
                        .ordered(true).configuration(ConsumerConfiguration.builder().headersOnly(true).build()).build());
                try {
                    while (true) {
                        Message m = sub.nextMessage(Duration.ofSeconds(10));
                        if (m == null) {
                            problems.add("stream read stopped after " + messages + " messages");
                            break;
                        }
                        messages++;
                        long seq = m.metaData().streamSequence();
                        if (!injected.contains(seq)) {
                            String id = m.getHeaders() == null ? null : m.getHeaders().getFirst(EventHeaders.MSG_ID);
                            if (id == null || !stored.contains(id)) {
                                problems.add("message " + seq + " (" + id + ") is no stored event");
                            } else if (!seen.add(id)) {
                                problems.add("event " + id + " published twice (again at " + seq + ")");
                            }
                        }
                        if (seq >= last) {
                            break;
                        }
                    }
                } finally {
                    sub.unsubscribe();
                }
            }
        }
        Set<String> missing = new HashSet<>(stored);
        missing.removeAll(seen);
        if (!missing.isEmpty()) {
            problems.add(missing.size() + " stored events not on the stream, e.g. " + Invariants.limit(missing));
        }
        return Check.of("stream", problems, messages + " messages: " + seen.size() + " events once, "
                + injected.size() + " injected");
    }

    /**
     * The dead-letter stream holds exactly the expected dead letters: for each poison message
     * (its stream sequence) one from each consumer expected to refuse it, and nothing else.
     */
    Check deadLetters(Map<Long, Set<String>> expected) throws Exception {
        Map<String, Integer> want = new TreeMap<>();
        expected.forEach((seq, consumers) -> consumers.forEach(c -> want.put(c + "#" + seq, 1)));
        Map<String, Integer> got = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        String dlq = suite.stream + "_DLQ";
        try (var nats = suite.infra.natsConnection()) {
            var jsm = nats.jetStreamManagement();
            if (jsm.getStreamNames().contains(dlq)) {
                var state = jsm.getStreamInfo(dlq).getStreamState();
                for (long seq = state.getFirstSequence(); state.getMsgCount() > 0 && seq <= state.getLastSequence(); seq++) {
                    var m = jsm.getMessage(dlq, seq);
                    String subject = m.getHeaders().getFirst(EventHeaders.DLQ_SUBJECT);
                    String key = m.getHeaders().getFirst(EventHeaders.DLQ_CONSUMER) + "#"
                            + m.getHeaders().getFirst(EventHeaders.DLQ_STREAM_SEQUENCE);
                    got.merge(key, 1, Integer::sum);
                    if (subject == null || !subject.startsWith(suite.stream + ".")) {
                        problems.add(key + " names the subject " + subject);
                    }
                }
            }
        }
        if (!got.equals(want)) {
            Set<String> extra = new HashSet<>(got.keySet());
            extra.removeAll(want.keySet());
            Set<String> lacking = new HashSet<>(want.keySet());
            lacking.removeAll(got.keySet());
            got.forEach((k, n) -> {
                if (n > 1) {
                    problems.add(k + " dead-lettered " + n + " times");
                }
            });
            if (!extra.isEmpty()) {
                problems.add("unexpected " + Invariants.limit(extra));
            }
            if (!lacking.isEmpty()) {
                problems.add("missing " + Invariants.limit(lacking));
            }
        }
        return Check.of("DLQ", problems, got.size() + " dead letters, as expected");
    }
}

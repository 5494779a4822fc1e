package io.eventstream.e2e;

import static io.eventstream.e2e.FaultSuite.PAYMENT;
import static io.eventstream.e2e.FaultSuite.QUERY_MODEL;
import static io.eventstream.e2e.FaultSuite.REFUNDS;
import static io.eventstream.e2e.FaultSuite.REVIEW;
import static io.eventstream.e2e.FaultSuite.SAGA;

import io.eventstream.common.events.EventHeaders;
import io.eventstream.e2e.FaultSuite.Fault;
import io.nats.client.JetStream;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The fault suite's faults on the stream: poison messages and duplicates of real events,
 * published straight onto its subjects, no process touched. Apart from {@link ProcessFaults}
 * because these leave a record the runner's checks need: which stream sequences the suite
 * published itself, and which consumers must dead-letter each poison message.
 */
final class MessageFaults {

    private final Suite suite;
    final Map<Long, Set<String>> expectedDeadLetters = new TreeMap<>();
    final Set<Long> injected = new HashSet<>();

    MessageFaults(Suite suite) {
        this.suite = suite;
    }

    /**
     * Messages no consumer can handle, each with the consumers that must dead-letter it: every
     * consumer of its subject, except that the read model acks and ignores an event type it does
     * not know, and the saga has nothing to do for an order id without history.
     */
    Fault publishPoison() throws Exception {
        String s = suite.stream;
        String order = "poison-" + UUID.randomUUID();
        Headers lying = new Headers()
                .put(EventHeaders.MSG_ID, order + "-created")
                .put(EventHeaders.EVENT_ID, order + "-created")
                .put(EventHeaders.EVENT_TYPE, s + ".created")
                .put(EventHeaders.AGGREGATE_ID, order)
                .put(EventHeaders.AGGREGATE_TYPE, "order")
                .put(EventHeaders.AGGREGATE_VERSION, "1");
        List<String> published = new ArrayList<>();
        try (var nc = suite.infra.natsConnection()) {
            JetStream js = nc.jetStream();
            published.add(poison(js, s + ".created", null, "this is not JSON {", PAYMENT, QUERY_MODEL, SAGA));
            published.add(poison(js, s + ".paymentdebited", null, "{\"OrderID\":42}", REVIEW, QUERY_MODEL, SAGA));
            published.add(poison(js, s + ".refundrequested", null, "{}", REFUNDS, QUERY_MODEL, SAGA));
            published.add(poison(js, s + ".bogus", null, "{\"x\":1}", SAGA));
            published.add(poison(js, s + ".created", lying,
                    "{\"order_id\":\"someone-else\",\"customer_id\":\"c-poison\",\"amount\":\"ten\"}", PAYMENT,
                    QUERY_MODEL));
        }
        return new Fault(published.size() + " poison messages: " + String.join("; ", published));
    }

    private String poison(JetStream js, String subject, Headers headers, String body, String... deadLetteredBy)
            throws Exception {
        PublishAck ack = js.publish(NatsMessage.builder().subject(subject).headers(headers)
                .data(body.getBytes(StandardCharsets.UTF_8)).build());
        injected.add(ack.getSeqno());
        expectedDeadLetters.put(ack.getSeqno(), Set.of(deadLetteredBy));
        return "#" + ack.getSeqno() + " " + subject.substring(suite.stream.length() + 1)
                + (headers == null ? " (no headers)" : " (headers of another order)") + " → " + String.join(", ",
                deadLetteredBy);
    }

    /**
     * Every event of two settled orders (one Approved, one with a refund) published again as
     * the event store published it: once with the same Nats-Msg-Id (JetStream's duplicate window
     * must absorb it) and once with a new one, which reaches every consumer: their idempotency
     * is what is tested.
     */
    Fault publishDuplicates() throws Exception {
        EventLog log = EventLog.read(suite);
        Map<String, Message> recent = recentMessages(1500);
        List<String> chosen = new ArrayList<>();
        for (String wanted : List.of("approved", "refunded")) {
            for (String id : log.byOrder().keySet()) {
                List<String> types = log.types(id);
                boolean fits = wanted.equals("approved") ? "approved".equals(log.terminal(id))
                        : types.contains("paymentrefunded") && log.terminal(id) != null;
                if (fits && !chosen.contains(id)
                        && log.byOrder().get(id).stream().allMatch(e -> recent.containsKey(e.id()))) {
                    chosen.add(id);
                    break;
                }
            }
        }
        if (chosen.size() < 2) {
            return new Fault("no duplicates", System.nanoTime(), Check.fail("fault",
                    "found no settled Approved and refunded orders among the last 1500 messages"));
        }
        int events = 0;
        List<Long> notAbsorbed = new ArrayList<>();
        try (var nc = suite.infra.natsConnection()) {
            JetStream js = nc.jetStream();
            for (String orderId : chosen) {
                for (EventLog.Stored e : log.byOrder().get(orderId)) {
                    Message original = recent.get(e.id());
                    events++;
                    PublishAck same = js.publish(copy(original, e.id()));
                    if (!same.isDuplicate()) {
                        notAbsorbed.add(same.getSeqno());
                        injected.add(same.getSeqno());
                    }
                    PublishAck renamed = js.publish(copy(original, "dup-" + e.id()));
                    injected.add(renamed.getSeqno());
                }
            }
        }
        String what = events + " events of orders " + chosen + " published twice more: same Nats-Msg-Id ("
                + (events - notAbsorbed.size()) + " absorbed by JetStream), new Nats-Msg-Id (" + events + " delivered)";
        return new Fault(what, System.nanoTime(), notAbsorbed.isEmpty() ? Check.pass("fault", what)
                : Check.fail("fault", "same-id republishes stored again at " + notAbsorbed));
    }

    private static NatsMessage copy(Message original, String msgId) {
        Headers headers = new Headers(original.getHeaders());
        headers.put(EventHeaders.MSG_ID, msgId);
        return NatsMessage.builder().subject(original.getSubject()).headers(headers).data(original.getData()).build();
    }

    /** The last {@code count} messages of the stream by Nats-Msg-Id, as published. */
    private Map<String, Message> recentMessages(int count) throws Exception {
        Map<String, Message> byId = new HashMap<>();
        try (var nc = suite.infra.natsConnection()) {
            long last = nc.jetStreamManagement().getStreamInfo(suite.stream).getStreamState().getLastSequence();
            JetStreamSubscription sub = nc.jetStream().subscribe(suite.stream + ".*", PushSubscribeOptions.builder()
                    .ordered(true).configuration(ConsumerConfiguration.builder()
                            .deliverPolicy(DeliverPolicy.ByStartSequence)
                            .startSequence(Math.max(1, last - count + 1)).build()).build());
            try {
                while (true) {
                    Message m = sub.nextMessage(Duration.ofSeconds(10));
                    if (m == null) {
                        break;
                    }
                    String id = m.getHeaders() == null ? null : m.getHeaders().getFirst(EventHeaders.MSG_ID);
                    if (id != null && !injected.contains(m.metaData().streamSequence())) {
                        byId.put(id, m);
                    }
                    if (m.metaData().streamSequence() >= last) {
                        break;
                    }
                }
            } finally {
                sub.unsubscribe();
            }
        }
        return byId;
    }
}

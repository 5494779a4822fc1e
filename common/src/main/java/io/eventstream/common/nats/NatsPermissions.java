package io.eventstream.common.nats;

import io.eventstream.common.events.OrderEventTypes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Who may do what on NATS, one user per service (issue 17): only the event store publishes
 * events; a worker pulls and acknowledges from its own durable consumers only and publishes
 * to its own dead-letter subject; the bootstrapper (the operator's user) manages the streams.
 * The bootstrapper's {@code nats-auth} writes this table into the server's configuration.
 *
 * <p>The subjects are the JetStream API the client (jnats 2.26) uses for what
 * {@code consumer.DurableConsumer} does, checked against a real nats-server by
 * {@code NatsPermissionsServerTest} (https://docs.nats.io/reference/reference-protocols/nats_api_reference):
 * <ul>
 * <li>bind: {@code $JS.API.STREAM.INFO.<stream>} (the stream context), then
 *     {@code $JS.API.CONSUMER.CREATE.<stream>.<durable>.<filter>} (createOrUpdate with one filter
 *     subject, nats-server 2.9 and later; the older {@code CONSUMER.DURABLE.CREATE} is not allowed);</li>
 * <li>pull: {@code $JS.API.CONSUMER.MSG.NEXT.<stream>.<durable>}, the messages and heartbeats
 *     arrive on the pull's reply subject, the user's inbox;</li>
 * <li>ack, nak, term, in progress: a publish to the message's reply subject,
 *     {@code $JS.ACK.<stream>.<durable>.…} (with a domain and an account hash in front of the
 *     stream in the newer form);</li>
 * <li>dead letters: a publish to {@code <stream>_DLQ.<durable>} with its ack on the inbox, and
 *     {@code $JS.API.STREAM.INFO.<stream>_DLQ} after a failed one;</li>
 * <li>consumer info and delete of its own durables, and create, info and delete of
 *     {@code <durable>-takeover} (taking a durable over at start, {@code ConsumerTakeover}).</li>
 * </ul>
 * Durable names are single subject tokens, so each durable is listed by its exact name: a
 * worker cannot pull from another's durable, nor create an ephemeral consumer to read the stream.
 */
public final class NatsPermissions {

    /** The users' names: the service names. */
    public static final String EVENTSTORE = "eventstore-service";
    public static final String PAYMENT = "payment-worker";
    public static final String REVIEW = "review-worker";
    public static final String QUERYMODEL = "querymodel-worker";
    public static final String SAGA = "saga-coordinator";
    public static final String ADMIN = "bootstrapper";

    private NatsPermissions() {
    }

    /** Every user; order-service has none, it never talks to NATS (only to the event store). */
    public static List<NatsServiceUser> users(OrderEventTypes types) {
        List<NatsServiceUser> users = new ArrayList<>();
        users.add(eventStore(types));
        durables(types).forEach((worker, filterByDurable) -> users.add(worker(types, worker, filterByDurable)));
        users.add(admin());
        return users;
    }

    /**
     * Each worker's durable consumers and their filter subjects: the durable names of the workers'
     * configurations ({@code DURABLE_NAME}; {@code eventstream.consumer.durable-name} must not
     * rename them while the server enforces these permissions).
     */
    public static Map<String, Map<String, String>> durables(OrderEventTypes types) {
        Map<String, Map<String, String>> durables = new LinkedHashMap<>();
        durables.put(PAYMENT, Map.of("payment-worker", types.created(),
                "payment-worker-refunds", types.refundRequested()));
        durables.put(REVIEW, Map.of("review-worker", types.paymentDebited()));
        durables.put(QUERYMODEL, Map.of("query-model-worker", types.allSubjects()));
        durables.put(SAGA, Map.of("saga-coordinator", types.allSubjects()));
        return durables;
    }

    /** The only publisher of events: the outbox relay, with the publish acks on its inbox. */
    static NatsServiceUser eventStore(OrderEventTypes types) {
        return new NatsServiceUser(EVENTSTORE,
                List.of(types.stream() + ".>"),
                List.of(inbox(EVENTSTORE)));
    }

    /**
     * A worker: its own durables on the stream, each with its filter (the create subject names
     * the filter, and the server checks it against the consumer's configuration: a worker cannot
     * widen its durable to read events it does not handle), and its own dead-letter subjects.
     */
    static NatsServiceUser worker(OrderEventTypes types, String name, Map<String, String> filterByDurable) {
        String stream = types.stream();
        String dlq = types.deadLetterStream();
        List<String> publish = new ArrayList<>();
        publish.add("$JS.API.STREAM.INFO." + stream);
        publish.add("$JS.API.STREAM.INFO." + dlq);
        for (String durable : new TreeMap<>(filterByDurable).keySet()) {
            String consumer = stream + "." + durable;
            publish.add("$JS.API.CONSUMER.CREATE." + consumer + "." + filterByDurable.get(durable));
            publish.add("$JS.API.CONSUMER.INFO." + consumer);
            publish.add("$JS.API.CONSUMER.DELETE." + consumer);
            publish.add("$JS.API.CONSUMER.MSG.NEXT." + consumer);
            publish.add("$JS.ACK." + consumer + ".>");
            publish.add("$JS.ACK.*.*." + consumer + ".>");
            publish.add(OrderStreams.deadLetterSubject(types, durable));
            // The consumer that holds a takeover's start while the foreign consumer is replaced
            // (ConsumerTakeover): created, read and removed, never pulled from.
            String record = consumer + TAKEOVER_RECORD_SUFFIX;
            publish.add("$JS.API.CONSUMER.CREATE." + record + "." + filterByDurable.get(durable));
            publish.add("$JS.API.CONSUMER.INFO." + record);
            publish.add("$JS.API.CONSUMER.DELETE." + record);
        }
        return new NatsServiceUser(name, publish, List.of(inbox(name)));
    }

    /**
     * The operator's user (the bootstrapper, the loadtool): the whole JetStream API, so it
     * creates and deletes streams and reads them, but it publishes no event.
     */
    static NatsServiceUser admin() {
        return new NatsServiceUser(ADMIN,
                List.of("$JS.API.>", "$JS.FC.>", "$JS.ACK.>"),
                List.of("_INBOX.>"));
    }

    /** The suffix of the consumer that records a takeover's start ({@code ConsumerTakeover} names it so). */
    public static final String TAKEOVER_RECORD_SUFFIX = "-takeover";

    private static String inbox(String name) {
        return NatsServiceUser.inboxPrefix(name) + ".>";
    }
}

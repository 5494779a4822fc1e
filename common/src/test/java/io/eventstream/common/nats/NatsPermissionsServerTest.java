package io.eventstream.common.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.eventstream.common.consumer.ConsumerSettings;
import io.eventstream.common.consumer.DurableConsumer;
import io.eventstream.common.consumer.PoisonMessageException;
import io.eventstream.common.events.EventHeaders;
import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.testing.AuthNatsServer;
import io.eventstream.common.testing.OriginalConsumers;
import io.eventstream.common.testing.TestInfra;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.Connection;
import io.nats.client.JetStreamOptions;
import io.nats.client.NKey;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The NATS authorization that the bootstrapper's {@code nats-auth} writes ({@link NatsAuthFiles},
 * {@link NatsPermissions}), run by a real nats-server: each service connects with its own NKey
 * (through {@link NatsConnections}, as the services do); a worker cannot publish an event, nor
 * pull from another worker's durable; strangers cannot connect; and the shared
 * {@link DurableConsumer} does everything it does (bind, pull, in progress, nak, ack, dead
 * letter) with its worker's permissions, without a single refusal.
 */
class NatsPermissionsServerTest {

    private static final OrderEventTypes TYPES = new OrderEventTypes("ORDERS");

    @TempDir
    Path secrets;
    private AuthNatsServer server;
    private NatsAuthFiles files;
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void startServerWithTheGeneratedAuthorization() throws Exception {
        files = new NatsAuthFiles(secrets);
        files.ensure(TYPES);
        server = AuthNatsServer.startWithConfigIn(secrets, "include \"" + NatsAuthFiles.AUTH_CONF + "\"\n");
        try (Connection admin = connect(NatsPermissions.ADMIN, new SimpleMeterRegistry())) {
            TestInfra.createStreams(admin, TYPES.stream());
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theSeedsAreTheServicesOwnAndTheServerConfigurationHoldsNoSecret() throws Exception {
        for (var user : NatsPermissions.users(TYPES)) {
            Path seed = files.seedFile(user.name());
            assertThat(Files.getPosixFilePermissions(seed)).containsExactlyInAnyOrder(
                    PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            String secret = Files.readString(seed).trim();
            assertThat(secret).startsWith("SU");
            assertThat(Files.readString(files.authConf())).doesNotContain(secret);
        }
        String before = Files.readString(files.seedFile(NatsPermissions.PAYMENT));
        assertThat(files.ensure(TYPES)).allMatch(line -> line.startsWith("kept ") || line.startsWith("unchanged "));
        assertThat(Files.readString(files.seedFile(NatsPermissions.PAYMENT))).isEqualTo(before);
    }

    @Test
    void aWorkerPublishingAnEventIsRefusedAndNothingReachesTheStream() throws Exception {
        MeterRegistry meters = new SimpleMeterRegistry();
        Connection payment = connect(NatsPermissions.PAYMENT, meters);

        payment.publish(event("ORDERS.approved", "forged-1"));
        payment.flush(Duration.ofSeconds(2));
        assertThatThrownBy(() -> payment.jetStream(JetStreamOptions.builder()
                .requestTimeout(Duration.ofMillis(500)).build()).publish(event("ORDERS.approved", "forged-2")))
                .isInstanceOf(IOException.class);

        await().atMost(Duration.ofSeconds(5)).until(() -> refusals(meters, "permissions-violation") >= 2);
        try (Connection admin = connect(NatsPermissions.ADMIN, new SimpleMeterRegistry())) {
            assertThat(admin.jetStreamManagement().getStreamInfo(TYPES.stream()).getStreamState().getMsgCount())
                    .isZero();
        }
    }

    @Test
    void strangersCannotConnect() throws Exception {
        NKey stranger = NKey.createUser(new SecureRandom());
        Path strangerSeed = secrets.resolve("stranger.nk");
        Files.writeString(strangerSeed, new String(stranger.getSeed()));
        assertThatThrownBy(() -> Nats.connect(options().authHandler(new NkeyFileAuthHandler(strangerSeed)).build()))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> Nats.connect(options().build())).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> Nats.connect(options().userInfo("payment-worker", "guess").build()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void aWorkerCannotConsumeAnotherWorkersDurable() throws Exception {
        Connection eventStore = connect(NatsPermissions.EVENTSTORE, new SimpleMeterRegistry());
        eventStore.jetStream().publish(event(TYPES.paymentDebited(), "e-1"));
        MeterRegistry meters = new SimpleMeterRegistry();
        Connection payment = connect(NatsPermissions.PAYMENT, meters);
        List<String> handled = new CopyOnWriteArrayList<>();

        DurableConsumer thief = new DurableConsumer(payment, TYPES.stream(),
                ConsumerSettings.defaults("review-worker", TYPES.paymentDebited()), e -> handled.add(e.eventId()));
        closing.add(thief::stop);
        thief.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> refusals(meters, "permissions-violation") >= 1);
        assertThat(thief.isSubscribed()).isFalse();
        JetStreamOptions quick = JetStreamOptions.builder().requestTimeout(Duration.ofMillis(500)).build();
        assertThatThrownBy(() -> payment.getStreamContext(TYPES.stream(), quick).getConsumerContext("review-worker"))
                .isInstanceOf(IOException.class);
        // Nor with a consumer of its own making: an ephemeral one would read the whole stream.
        assertThatThrownBy(() -> payment.jetStreamManagement(quick).addOrUpdateConsumer(TYPES.stream(),
                ConsumerConfiguration.builder().filterSubject(TYPES.paymentDebited()).build()))
                .isInstanceOf(IOException.class);
        // Nor by widening its own durable's filter to every event.
        assertThatThrownBy(() -> payment.jetStreamManagement(quick).addOrUpdateConsumer(TYPES.stream(),
                ConsumerConfiguration.builder().durable("payment-worker").filterSubject(TYPES.allSubjects()).build()))
                .isInstanceOf(IOException.class);
        // Its own, allowed create subject with a wider filter in the request: the server refuses it.
        String widen = "{\"stream_name\":\"ORDERS\",\"config\":{\"durable_name\":\"payment-worker\","
                + "\"name\":\"payment-worker\",\"filter_subject\":\"ORDERS.*\",\"ack_policy\":\"explicit\"}}";
        var answer = payment.request("$JS.API.CONSUMER.CREATE.ORDERS.payment-worker.ORDERS.created",
                widen.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(2));
        assertThat(new String(answer.getData(), StandardCharsets.UTF_8)).contains("\"error\"");
        // Nor read another's pulled messages on its inbox, nor delete the stream.
        double before = refusals(meters, "permissions-violation");
        payment.subscribe(NatsServiceUser.inboxPrefix(NatsPermissions.REVIEW) + ".>");
        await().atMost(Duration.ofSeconds(5)).until(() -> refusals(meters, "permissions-violation") > before);
        assertThatThrownBy(() -> payment.jetStreamManagement(quick).deleteStream(TYPES.stream()))
                .isInstanceOf(IOException.class);
        assertThat(handled).isEmpty();
        try (Connection admin = connect(NatsPermissions.ADMIN, new SimpleMeterRegistry())) {
            assertThat(admin.jetStreamManagement().getConsumerNames(TYPES.stream())).isEmpty();
            assertThat(admin.jetStreamManagement().getStreamInfo(TYPES.stream()).getStreamState().getMsgCount()).isOne();
        }
    }

    @Test
    void everyWorkerBindsEachOfItsDurablesWithItsFilter() throws Exception {
        for (var worker : NatsPermissions.durables(TYPES).entrySet()) {
            MeterRegistry meters = new SimpleMeterRegistry();
            Connection nats = connect(worker.getKey(), meters);
            for (var durable : worker.getValue().entrySet()) {
                DurableConsumer consumer = new DurableConsumer(nats, TYPES.stream(),
                        ConsumerSettings.defaults(durable.getKey(), durable.getValue()), e -> { });
                consumer.start();
                try {
                    await().atMost(Duration.ofSeconds(10)).until(consumer::isSubscribed);
                } finally {
                    consumer.stop();
                }
            }
            assertThat(refusals(meters, "permissions-violation")).as(worker.getKey()).isZero();
        }
    }

    @Test
    void aWorkerTakesOverTheOriginalsConsumerOfItsNameWithItsOwnUser() throws Exception {
        Connection admin = connect(NatsPermissions.ADMIN, new SimpleMeterRegistry());
        Connection eventStore = connect(NatsPermissions.EVENTSTORE, new SimpleMeterRegistry());
        for (String id : List.of("1", "2", "3", "4")) {
            eventStore.jetStream().publish(event(TYPES.created(), id));
        }
        // A consumer of that name the worker did not create (the original's pull consumer with
        // max_waiting 128), which acknowledged the first two.
        OriginalConsumers.pull(admin, TYPES.stream(), "payment-worker", TYPES.created(), 2);
        MeterRegistry meters = new SimpleMeterRegistry();
        List<String> handled = new CopyOnWriteArrayList<>();
        DurableConsumer consumer = new DurableConsumer(connect(NatsPermissions.PAYMENT, meters), TYPES.stream(),
                ConsumerSettings.defaults("payment-worker", TYPES.created()), event -> handled.add(event.eventId()));
        closing.add(consumer::stop);
        consumer.start();

        await().atMost(Duration.ofSeconds(20)).until(() -> handled.containsAll(List.of("3", "4")));
        assertThat(handled).containsExactlyInAnyOrder("3", "4");
        var ours = admin.jetStreamManagement().getConsumerInfo(TYPES.stream(), "payment-worker");
        assertThat(ours.getConsumerConfiguration().getDeliverSubject()).isNull();
        assertThat(OriginalConsumers.find(admin, TYPES.stream(), "payment-worker" + NatsPermissions.TAKEOVER_RECORD_SUFFIX))
                .isEmpty();
        assertThat(refusals(meters, "permissions-violation")).isZero();
    }

    @Test
    void theSharedConsumerWorksWithItsWorkersUserWithoutARefusal() throws Exception {
        Connection eventStore = connect(NatsPermissions.EVENTSTORE, new SimpleMeterRegistry());
        MeterRegistry meters = new SimpleMeterRegistry();
        Connection payment = connect(NatsPermissions.PAYMENT, meters);
        List<String> handled = new CopyOnWriteArrayList<>();
        Set<String> failedOnce = ConcurrentHashMap.newKeySet();
        AtomicBoolean slowDone = new AtomicBoolean();
        ConsumerSettings d = ConsumerSettings.defaults("payment-worker", TYPES.created());
        // A short ack wait: the slow message lives on "in progress" heartbeats (every ackWait/3).
        ConsumerSettings settings = new ConsumerSettings(d.durableName(), d.filterSubject(), d.parallelism(),
                d.maxAckPending(), Duration.ofSeconds(1), 3, Duration.ofMillis(50), Duration.ofMillis(200), 1);
        DurableConsumer consumer = new DurableConsumer(payment, TYPES.stream(), settings, event -> {
            switch (event.eventId()) {
                case "slow" -> {
                    Thread.sleep(1500);
                    slowDone.set(true);
                }
                case "fails-once" -> {
                    if (failedOnce.add("fails-once")) {
                        throw new IllegalStateException("transient");
                    }
                }
                case "poison" -> throw new PoisonMessageException("cannot be read");
                default -> { }
            }
            handled.add(event.eventId());
        });
        closing.add(consumer::stop);
        consumer.start();
        await().atMost(Duration.ofSeconds(10)).until(consumer::isSubscribed);

        for (String id : List.of("plain", "slow", "fails-once", "poison")) {
            eventStore.jetStream().publish(event(TYPES.created(), id));
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> handled.containsAll(List.of("plain", "slow", "fails-once")));
        try (Connection admin = connect(NatsPermissions.ADMIN, new SimpleMeterRegistry())) {
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    admin.jetStreamManagement().getStreamInfo(TYPES.deadLetterStream()).getStreamState().getMsgCount() == 1
                    && admin.jetStreamManagement().getConsumerInfo(TYPES.stream(), "payment-worker")
                            .getAckFloor().getStreamSequence() == 4);
            var info = admin.jetStreamManagement().getConsumerInfo(TYPES.stream(), "payment-worker");
            assertThat(info.getNumAckPending()).isZero();
            assertThat(info.getRedelivered()).isZero();
            var dead = admin.jetStreamManagement().getLastMessage(TYPES.deadLetterStream(),
                    OrderStreams.deadLetterSubject(TYPES, "payment-worker"));
            assertThat(dead.getHeaders().getFirst(EventHeaders.DLQ_CONSUMER)).isEqualTo("payment-worker");
        }
        assertThat(slowDone).isTrue();
        // "slow" took longer than the ack wait and was still handled once: the heartbeats got through.
        assertThat(handled).containsOnlyOnce("slow");
        assertThat(refusals(meters, "permissions-violation")).isZero();
    }

    private Connection connect(String user, MeterRegistry meters) throws Exception {
        NatsProperties props = new NatsProperties(server.url(), TYPES.stream(), null, null, null, false,
                Duration.ofSeconds(2), files.seedFile(user).toString(), null);
        Connection c = NatsConnections.open(props, user, meters);
        await().atMost(Duration.ofSeconds(5)).until(() -> c.getStatus() == Connection.Status.CONNECTED);
        closing.add(c::close);
        return c;
    }

    private Options.Builder options() {
        return new Options.Builder().server(server.url()).maxReconnects(0).connectionTimeout(Duration.ofMillis(500))
                .errorListener(new LoggingErrorListener());
    }

    private static double refusals(MeterRegistry meters, String reason) {
        var counter = meters.find(LoggingErrorListener.REFUSALS).tag("layer", "nats").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private static NatsMessage event(String subject, String id) {
        return NatsMessage.builder().subject(subject)
                .headers(new Headers().put(EventHeaders.MSG_ID, id).put(EventHeaders.AGGREGATE_ID, "order-1"))
                .data("{}".getBytes(StandardCharsets.UTF_8)).build();
    }
}

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * What the outbox relay asks of JetStream, on streams of 1 and 3 replicas: batches of BATCH
 * messages of the size of an order event (about 600 bytes of body and the relay's headers, with
 * a Nats-Msg-Id), all sent, then all acks awaited, one batch after the other (the relay's
 * pipeline, scripts/../eventstore-service README "Publishing"); and one message at a time (a
 * relay at low load). Prints messages per second and the ack wait per batch / per message.
 * Run by scripts/jetstream-r3.sh against a three-node cluster it starts on this machine.
 *
 *   java -cp jnats.jar scripts/JetStreamAckBench.java nats://127.0.0.1:14222,... SECONDS
 */
public class JetStreamAckBench {

    static final int BATCH = 500;

    public static void main(String[] args) throws Exception {
        String[] servers = args[0].split(",");
        int seconds = Integer.parseInt(args[1]);
        Options options = new Options.Builder().servers(servers).connectionTimeout(java.time.Duration.ofSeconds(5)).build();
        try (Connection nc = Nats.connect(options)) {
            var jsm = nc.jetStreamManagement();
            byte[] body = new byte[600];
            Arrays.fill(body, (byte) 'x');
            for (int replicas : new int[] {1, 3}) {
                String stream = "ACKBENCH_R" + replicas;
                try {
                    jsm.deleteStream(stream);
                } catch (Exception absent) {
                    // first run
                }
                jsm.addStream(StreamConfiguration.builder().name(stream).subjects(stream + ".>")
                        .storageType(StorageType.File).replicas(replicas)
                        .duplicateWindow(java.time.Duration.ofMinutes(2)).build());
                JetStream js = nc.jetStream();
                run(js, stream, body, 2, BATCH, "warm-up");
                run(js, stream, body, seconds, BATCH, "R" + replicas + " batches of " + BATCH);
                run(js, stream, body, seconds, 1, "R" + replicas + " one at a time");
                jsm.deleteStream(stream);
            }
        }
    }

    static void run(JetStream js, String stream, byte[] body, int seconds, int batch, String label) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long sent = 0;
        List<Long> waits = new ArrayList<>();
        long started = System.nanoTime();
        while (System.nanoTime() < end) {
            List<CompletableFuture<PublishAck>> acks = new ArrayList<>(batch);
            for (int i = 0; i < batch; i++) {
                Headers h = new Headers();
                String id = UUID.randomUUID().toString();
                h.add("Nats-Msg-Id", id).add("Event-Id", id).add("Event-Type", stream + ".created")
                        .add("Aggregate-Id", id).add("Aggregate-Type", "order").add("Aggregate-Version", "1")
                        .add("Event-Position", Long.toString(sent + i)).add("Correlation-Id", id)
                        .add("traceparent", "00-" + id.replace("-", "") + "-0123456789abcdef-01");
                acks.add(js.publishAsync(NatsMessage.builder().subject(stream + ".created").headers(h).data(body).build()));
            }
            long sentAt = System.nanoTime();
            for (CompletableFuture<PublishAck> ack : acks) {
                ack.get();
            }
            waits.add(System.nanoTime() - sentAt);
            sent += batch;
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        if (label.equals("warm-up")) {
            return;
        }
        waits.sort(null);
        System.out.printf(Locale.ROOT, "%-28s %9.0f msg/s   ack wait per %s: p50 %.2f ms, p99 %.2f ms (%d rounds)%n",
                label, sent / elapsed, batch == 1 ? "message" : "batch",
                waits.get(waits.size() / 2) / 1e6, waits.get((int) (waits.size() * 0.99)) / 1e6, waits.size());
    }
}

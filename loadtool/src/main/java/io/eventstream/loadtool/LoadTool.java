package io.eventstream.loadtool;

import io.eventstream.loadtool.eventstore.EventStoreBench;
import io.eventstream.loadtool.eventstore.CatchUp;
import io.eventstream.loadtool.eventstore.LogGenerator;
import io.eventstream.loadtool.eventstore.RelayDrain;
import io.eventstream.loadtool.orders.OrderLoad;

/**
 * The load tool's entry point.
 *
 * <pre>
 *   java -jar loadtool.jar --orders 2000 --concurrency 16       end to end, closed loop
 *   java -jar loadtool.jar --orders 6000 --rate 300/s           end to end, open loop
 *   java -jar loadtool.jar --mode eventstore --levels 1,16,64   CreateEvent alone, next to pgbench
 *   java -jar loadtool.jar --mode generate-log --events 1000000 a log for rebuild benchmarks
 *   java -jar loadtool.jar --mode relay-drain --events 1000000  the ceiling of one relay
 *   java -jar loadtool.jar --mode catch-up                      GetEventsStream from position 0
 * </pre>
 */
public final class LoadTool {

    static final String USAGE = """
            usage: java -jar loadtool.jar [--mode orders|eventstore|generate-log|relay-drain|catch-up] [options]

            --mode orders (default): post orders to the running suite and follow each to its end
              --orders N          orders to post (2000)
              --concurrency C     closed loop: C clients, each posts when its last order is answered (16)
              --rate R/s          open loop instead: R orders per second whatever the answers do
              --warmup N          orders posted first and not measured, to warm the JITs (300)
              --drain S           seconds to wait for the last orders to end (60)
              --terminal T,...    event types that end an order (approved,rejected,cancelled)
              --poll-ms MS        read-model poll interval for ended orders (10)
            --mode eventstore: CreateEvent throughput and latency per concurrency level, pgbench alongside
              --levels 1,16,64    concurrency levels
              --seconds S         seconds per level (10), after 2 s of warm-up
              --bench-stream NAME the JetStream stream the bench events go to; created if absent (LOADTOOL)
              --pgbench-clients N pgbench connections (8)
            --mode generate-log: a log of orders (created, paymentdebited, approved) written into the event
              store's tables with COPY, after its last position, for rebuild benchmarks (the store stopped)
              --events N          events to write, three per order (1000000)
            --mode relay-drain: fills a running store's empty outbox (a bench database and --stream of its own)
              with --events unpublished events in one transaction, times its relay's drain, checks the stream
              holds each exactly once (by Nats-Msg-Id)
              --store-pid PID     the event store's process: its CPU seconds are reported (and PostgreSQL's)
            --mode catch-up: GetEventsStream from position 0 to the log's end, --runs N (3) times, events/s
              --identity NAME     the reader whose certificate is used (querymodel-worker)
              --reader-executor default|direct  where each message is handled: grpc-java's default
                                  executor, as the services' channels (default), or the Netty thread
              --tls true|false    mutual TLS to the event store as 'loadtool' (true; env EVENTSTREAM_TLS_ENABLED)
              --tls-dir DIR       its certificate, key and the CA (.suite/secrets/pki; env EVENTSTREAM_TLS_DIR)
            where things are (defaults fit ./suite up):
              --api http://127.0.0.1:3000  --nats nats://127.0.0.1:4222  --stream ORDERS
              --nats-nkey FILE (a NATS with authorization: .suite/secrets/nats/bootstrapper.nk)
              --token-key .suite/secrets/jwt/private.pem (signs each customer's bearer token)
              --eventstore 127.0.0.1:50051  --actuator http://127.0.0.1:8090
              --pg jdbc:postgresql://127.0.0.1:5432/  --pg-user postgres  --pg-password ''
              --eventstore-db eventstoredb  --orders-db ordersdb
            output: --out results (JSON, SVG, results.md)  --label TEXT (a note in the table)
            exit status: 0 when every order ended and every check passed, 1 otherwise, 2 on bad usage
            """;

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("loadtool: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (options.has("help")) {
            System.out.print(USAGE);
            return;
        }
        int status = switch (options.get("mode")) {
            case "orders" -> new OrderLoad(options).run();
            case "eventstore" -> new EventStoreBench(options).run();
            case "generate-log" -> new LogGenerator(options).run();
            case "relay-drain" -> new RelayDrain(options).run();
            case "catch-up" -> new CatchUp(options).run();
            default -> {
                System.err.println("loadtool: unknown --mode " + options.get("mode"));
                yield 2;
            }
        };
        System.exit(status);
    }

    private LoadTool() {
    }
}

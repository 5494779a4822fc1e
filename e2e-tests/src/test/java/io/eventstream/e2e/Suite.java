package io.eventstream.e2e;

import io.eventstream.common.jwt.JwtKeyFiles;
import io.eventstream.common.jwt.TokenMinter;
import io.eventstream.common.testing.TestInfra;
import io.eventstream.common.testing.TestPki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A whole suite for one test: its own stream and databases and token signing key, made by the
 * real bootstrapper CLI, and services started from their packaged jars as separate processes.
 * order-service and payment-worker check bearer tokens (their shipped setting): {@link #bearer}.
 */
final class Suite implements AutoCloseable {

    final Infra infra;
    final String stream;
    final String eventstoreDb = TestInfra.uniqueName("e2e_es");
    final String ordersDb = TestInfra.uniqueName("e2e_orders");
    final String paymentsDb = TestInfra.uniqueName("e2e_payments");
    final String sagaDb = TestInfra.uniqueName("e2e_saga");
    private static boolean certsMade;
    private final List<ServiceProcess> processes = new ArrayList<>();
    /** Made by the bootstrapper's jwt-keys, as ./suite up makes .suite/secrets/jwt. */
    final Path jwtDir;
    private TokenMinter tokens;
    private final Map<String, String> bearers = new ConcurrentHashMap<>();
    /** Spans go nowhere unless a test collects them (never into a local suite's Zipkin). */
    private List<String> tracingArgs = List.of("--management.tracing.export.zipkin.enabled=false");

    /** Database connections per service, and per event store (null: its shipped pool). */
    private int servicePool = 4;
    private Integer storePool;

    /** The folder of the NATS users' seeds (bootstrapper nats-auth), or null: connect without. */
    private final Path natsKeys;

    private Suite(Infra infra, String stream, Path natsKeys) {
        this.infra = infra;
        this.stream = stream;
        this.natsKeys = natsKeys;
        this.jwtDir = Path.of("target", "e2e-jwt", stream.toLowerCase(Locale.ROOT)).toAbsolutePath();
    }

    /** A suite on the machine's shared PostgreSQL and NATS. */
    static Suite bootstrap() throws IOException, InterruptedException {
        return bootstrap(Infra.shared());
    }

    static Suite bootstrap(Infra infra) throws IOException, InterruptedException {
        return bootstrap(infra, TestInfra.uniqueStreamName(), null);
    }

    /**
     * On a NATS that requires the users of {@code natsKeys} (bootstrapper nats-auth for
     * {@code stream}): the bootstrapper and every service connect with their own seed.
     */
    static Suite bootstrap(Infra infra, String stream, Path natsKeys) throws IOException, InterruptedException {
        Jars.requireSuite();
        Suite suite = new Suite(infra, stream, natsKeys);
        suite.runBootstrapper();
        suite.createTokenKeys();
        return suite;
    }

    private List<String> natsKey(String user) {
        return natsKeys == null ? List.of() : List.of("--eventstream.nats.nkey-file=" + natsKeys.resolve(user + ".nk"));
    }

    /**
     * The suite's PKI, made once per JVM by the real {@code bootstrapper certs} (later runs keep
     * it); every {@link ServiceProcess} asks for it, also one started without a Suite.
     */
    static synchronized void runCertsCommand() throws IOException, InterruptedException {
        if (certsMade) {
            return;
        }
        Path log = Path.of("target", "e2e-logs", "bootstrapper-certs.log");
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Jars.of("bootstrapper").toString(), "certs", "--dir", TestPki.DIR.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("bootstrapper certs failed: " + Files.readString(log));
        }
        certsMade = true;
    }

    private void runBootstrapper() throws IOException, InterruptedException {
        runCertsCommand();
        Path log = Path.of("target", "e2e-logs", "bootstrapper-" + stream.toLowerCase(Locale.ROOT) + ".log");
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Jars.of("bootstrapper").toString(),
                "--stream", stream, "--eventstore-db", eventstoreDb, "--orders-db", ordersDb,
                "--payments-db", paymentsDb, "--saga-db", sagaDb,
                "--nats-url", infra.natsUrl(), "--db-admin-url", infra.jdbcUrl("postgres"),
                "--db-admin-user", infra.pgAdmin()));
        if (natsKeys != null) {
            command.addAll(List.of("--nats-nkey", natsKeys.resolve("bootstrapper.nk").toString()));
        }
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("bootstrapper failed: " + Files.readString(log));
        }
    }

    private void createTokenKeys() throws IOException, InterruptedException {
        Path log = Path.of("target", "e2e-logs", "jwt-keys-" + stream.toLowerCase(Locale.ROOT) + ".log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Jars.of("bootstrapper").toString(), "jwt-keys", "--dir", jwtDir.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("bootstrapper jwt-keys failed: " + Files.readString(log));
        }
        tokens = new TokenMinter(JwtKeyFiles.readPrivate(jwtDir.resolve(JwtKeyFiles.PRIVATE_KEY)), Clock.systemUTC());
    }

    /** {@code Bearer <token>} of a customer (its own orders and wallet), or of the operator for null. */
    String bearer(String customerId) {
        String key = customerId == null ? "\0operator" : customerId;
        return bearers.computeIfAbsent(key, k -> "Bearer " + (customerId == null
                ? tokens.operator(Duration.ofHours(12)) : tokens.customer(customerId, Duration.ofHours(12))));
    }

    /** The operator's token, for the board's link and reads of any order. */
    String operatorToken() {
        return bearer(null).substring("Bearer ".length());
    }

    /**
     * Smaller connection pools (2 per service, 4 per event store) for a suite of twelve processes:
     * PostgreSQL's 100 connections are shared by every suite and build on the machine.
     */
    Suite smallPools() {
        servicePool = 2;
        storePool = 4;
        return this;
    }

    /** Every service started from now on reports its spans to this Zipkin endpoint. */
    Suite reportingSpansTo(String zipkinEndpoint) {
        // At the shipped sampling probability: TraceTest's POST asks for its trace (a sampled traceparent).
        tracingArgs = List.of("--management.tracing.export.zipkin.endpoint=" + zipkinEndpoint);
        return this;
    }

    /** An event store instance; {@code grpcPort} is chosen by the caller so a restart keeps it. */
    ServiceProcess eventStore(String name, int grpcPort) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.grpc.server.port=" + grpcPort,
                "--spring.datasource.url=" + infra.jdbcUrl(eventstoreDb),
                "--eventstream.nats.url=" + infra.natsUrl(),
                "--eventstream.nats.stream=" + stream,
                "--eventstream.outbox.instance-id=" + name));
        if (storePool != null) {
            args.add("--spring.datasource.hikari.maximum-pool-size=" + storePool);
        }
        args.addAll(natsKey("eventstore-service"));
        args.addAll(tracingArgs);
        return add(new ServiceProcess(name, Jars.of("eventstore-service"), TestInfra.freePort(), args));
    }

    /**
     * A service that talks to the event store at {@code grpcPort}, with its own database:
     * paymentsdb for payment-worker, sagadb for saga-coordinator, else ordersdb.
     */
    ServiceProcess service(String module, String name, int httpPort, int eventStoreGrpcPort, String... extra) {
        return serviceOn(module, name, httpPort, "static://127.0.0.1:" + eventStoreGrpcPort, extra);
    }

    /** As {@link #service}, calling every event store at {@code grpcPorts} (round_robin, the shipped policy). */
    ServiceProcess service(String module, String name, int httpPort, List<Integer> grpcPorts, String... extra) {
        return serviceOn(module, name, httpPort, "addresses:///" + String.join(",",
                grpcPorts.stream().map(p -> "127.0.0.1:" + p).toList()), extra);
    }

    private ServiceProcess serviceOn(String module, String name, int httpPort, String storeTarget, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.grpc.client.channel.eventstore.target=" + storeTarget,
                "--eventstream.nats.url=" + infra.natsUrl(),
                "--eventstream.nats.stream=" + stream,
                "--eventstream.stream=" + stream,
                "--spring.datasource.url=" + infra.jdbcUrl(databaseOf(module)),
                // PostgreSQL's 100 connections are shared by every suite and build on the machine.
                "--spring.datasource.hikari.maximum-pool-size=" + servicePool));
        if (!module.equals("order-service")) {
            args.addAll(natsKey(module));
        }
        if (module.equals("order-service") || module.equals("payment-worker")) {
            args.add("--spring.security.oauth2.resourceserver.jwt.public-key-location=file:"
                    + jwtDir.resolve(JwtKeyFiles.PUBLIC_KEY));
        }
        args.addAll(tracingArgs);
        args.addAll(List.of(extra));
        return add(new ServiceProcess(name, Jars.of(module), httpPort, args));
    }

    private String databaseOf(String module) {
        return switch (module) {
            case "payment-worker" -> paymentsDb;
            case "saga-coordinator" -> sagaDb;
            default -> ordersDb;
        };
    }

    private ServiceProcess add(ServiceProcess p) {
        processes.add(p);
        return p;
    }

    @Override
    public void close() throws Exception {
        // SIGTERM to all, then wait for each: a JVM that writes its class data archive on the way out
        // takes seconds more (ClassDataArchives), and those seconds overlap.
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).requestStop();
        }
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).close();
        }
        if (natsKeys == null) {
            // A NATS with authorization is a test's private one: it goes with its streams.
            try (var nats = infra.natsConnection()) {
                TestInfra.deleteStream(nats, stream);
                TestInfra.deleteStream(nats, stream + "_DLQ");
            }
        }
        infra.dropDatabase(eventstoreDb);
        infra.dropDatabase(ordersDb);
        infra.dropDatabase(paymentsDb);
        infra.dropDatabase(sagaDb);
    }
}

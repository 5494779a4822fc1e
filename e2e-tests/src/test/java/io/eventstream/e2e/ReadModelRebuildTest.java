package io.eventstream.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.common.testing.TestInfra;
import io.eventstream.common.testing.TestPki;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code querymodel-worker --rebuild} and {@code --verify} as an operator runs them: the packaged
 * jar in a process of its own, against a suite (event store, querymodel-worker, payment-worker,
 * order-service) that keeps taking orders and answering reads meanwhile. Then the same rebuild
 * stopped as kill -9 would stop it (the halt hook), during its catch-up and right after its switch:
 * the live tables keep serving and the next run finishes cleanly, with nothing left behind. Last,
 * the switch CockroachDB gets ({@code switch-method: copy}, the live worker gated): under load, over
 * a read model with a corrupted row, and stopped right after it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadModelRebuildTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static Suite suite;
    private static int grpc;
    private static int apiPort;
    private static OrderApi api;
    private static ServiceProcess liveWorker;
    private static final List<String> placed = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startSuite() throws Exception {
        suite = Suite.bootstrap();
        grpc = TestInfra.freePort();
        suite.eventStore("rebuild-eventstore", grpc).start();
        List<ServiceProcess> services = new ArrayList<>();
        liveWorker = suite.service("querymodel-worker", "rebuild-querymodel-worker", TestInfra.freePort(), grpc).launch();
        services.add(liveWorker);
        services.add(suite.service("payment-worker", "rebuild-payment-worker", TestInfra.freePort(), grpc).launch());
        apiPort = TestInfra.freePort();
        services.add(suite.service("order-service", "rebuild-order-service", apiPort, grpc).launch());
        for (ServiceProcess p : services) {
            p.awaitReady();
        }
        api = new OrderApi(suite, apiPort, 0);
        for (int i = 0; i < 150; i++) {
            placed.add(api.place("c" + (i % 7), "r" + (i % 3), "12.50"));
        }
    }

    @AfterAll
    static void stopSuite() throws Exception {
        if (suite != null) {
            suite.close();
        }
    }

    @Test
    @Order(1)
    void aRebuildUnderSteadyLoadServesThroughoutAndEqualsTheLog() throws Exception {
        awaitProjected(placed);
        Load load = Load.start();
        Process rebuild = worker("rebuild-1", "--rebuild");
        assertThat(rebuild.waitFor(180, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(500); // orders go on being placed after the switch, too
        load.stop();
        assertThat(rebuild.exitValue()).as(log("rebuild-1")).isZero();
        assertThat(log("rebuild-1")).contains("generation 2 is live");
        assertThat(load.failedReads).as("reads that failed while the rebuild ran").hasValue(0);
        assertThat(load.placedDuring).hasSizeGreaterThan(5);

        awaitProjected(load.placedDuring);
        assertThat(generationTables()).isEmpty();
        assertThat(verify("verify-1")).as(log("verify-1")).isZero();
    }

    @Test
    @Order(2)
    void aRebuildStoppedAtAnyPointHarmsNothingAndTheNextRunFinishes() throws Exception {
        Process halted = worker("rebuild-halted-catch-up", "--rebuild",
                "--eventstream.rebuild.halt-at=catch-up", "--eventstream.rebuild.halt-after-events=100",
                "--eventstream.rebuild.page=50");
        assertThat(halted.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(halted.exitValue()).as(log("rebuild-halted-catch-up")).isEqualTo(137);
        assertThat(generationTables()).contains("orders_g3");
        String during = api.place("c1", "r1", "20");
        awaitProjected(List.of(during, placed.get(0))); // the live tables still serve and are written

        Process halted2 = worker("rebuild-halted-switch", "--rebuild", "--eventstream.rebuild.halt-at=switch");
        assertThat(halted2.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(halted2.exitValue()).as(log("rebuild-halted-switch")).isEqualTo(137);
        assertThat(generationTables()).contains("orders_old_g3").doesNotContain("orders_g3");
        String after = api.place("c2", "r2", "20");
        awaitProjected(List.of(after, during, placed.get(1)));

        Process again = worker("rebuild-again", "--rebuild", "--verify");
        assertThat(again.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(again.exitValue()).as(log("rebuild-again")).isZero();
        assertThat(log("rebuild-again")).contains("stopped after its switch").contains("generation 4 is live")
                .contains("no differences");
        assertThat(generationTables()).isEmpty();
    }

    @Test
    @Order(3)
    void verifyReportsARowThatDiffersFromTheLogAndFails() throws Exception {
        try (var c = suite.infra.admin(suite.ordersDb); var s = c.createStatement()) {
            s.executeUpdate("UPDATE orders SET amount = 999 WHERE id = '" + placed.get(2) + "'");
            s.executeUpdate("DELETE FROM order_status_history WHERE orderid = '" + placed.get(3) + "' AND version = 1");
        }
        int exit = verify("verify-broken");
        assertThat(exit).isEqualTo(1);
        assertThat(log("verify-broken")).contains("orders only in the live tables: id=" + placed.get(2))
                .contains("order_status_history only in the log: orderid=" + placed.get(3));
    }

    @Test
    @Order(4)
    void aCopySwitchAsOnCockroachDbFixesACorruptedRowUnderLoadAndResumesAfterAStop() throws Exception {
        // As on CockroachDB (switch-method auto resolves to copy there): the live worker's writes take the gate.
        liveWorker.terminate();
        liveWorker = suite.service("querymodel-worker", "rebuild-querymodel-worker-copy", TestInfra.freePort(), grpc,
                "--eventstream.read-model.switch-method=copy").start();
        try (var c = suite.infra.admin(suite.ordersDb); var s = c.createStatement()) {
            s.executeUpdate("UPDATE orders SET amount = 777 WHERE id = '" + placed.get(4) + "'");
        }
        Load load = Load.start();
        Process rebuild = worker("rebuild-copy", "--rebuild", "--eventstream.read-model.switch-method=copy");
        assertThat(rebuild.waitFor(180, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(500);
        load.stop();
        assertThat(rebuild.exitValue()).as(log("rebuild-copy")).isZero();
        assertThat(log("rebuild-copy")).containsPattern("switched to generation \\d+ by copy");
        assertThat(load.failedReads).as("reads that failed while the rebuild ran").hasValue(0);
        try (var c = suite.infra.admin(suite.ordersDb); var s = c.createStatement();
             var rs = s.executeQuery("SELECT amount FROM orders WHERE id = '" + placed.get(4) + "'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBigDecimal(1)).as("the corrupted amount, copied from the log's fold").isEqualByComparingTo("12.50");
        }
        awaitProjected(load.placedDuring);
        assertThat(generationTables()).isEmpty();

        Process halted = worker("rebuild-copy-halted", "--rebuild", "--eventstream.read-model.switch-method=copy",
                "--eventstream.rebuild.halt-at=switch");
        assertThat(halted.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(halted.exitValue()).as(log("rebuild-copy-halted")).isEqualTo(137);
        assertThat(generationTables()).anyMatch(name -> name.matches("orders_g\\d+"));
        String after = api.place("c3", "r1", "30");
        Process again = worker("rebuild-copy-again", "--rebuild", "--verify", "--eventstream.read-model.switch-method=copy");
        assertThat(again.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(again.exitValue()).as(log("rebuild-copy-again")).isZero();
        assertThat(log("rebuild-copy-again")).contains("stopped after its switch").contains("no differences");
        awaitProjected(List.of(after));
        assertThat(generationTables()).isEmpty();
    }

    /** Places orders one after another and reads old ones (an order, the board's counts) until stopped. */
    private static final class Load {
        final List<String> placedDuring = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger failedReads = new AtomicInteger();
        final AtomicBoolean running = new AtomicBoolean(true);
        final List<Thread> threads = new ArrayList<>();

        static Load start() {
            Load load = new Load();
            load.threads.add(started(() -> {
                int n = 0;
                while (load.running.get()) {
                    load.placedDuring.add(api.place("c" + (n % 7), "r" + (n++ % 3), "10"));
                    sleep(20);
                }
            }));
            load.threads.add(started(() -> {
                int n = 0;
                while (load.running.get()) {
                    String id = placed.get(n++ % placed.size());
                    if (get("/api/orders/" + id) != 200 || get("/api/board/counts") != 200) {
                        load.failedReads.incrementAndGet();
                    }
                    sleep(10);
                }
            }));
            return load;
        }

        private static Thread started(Runnable work) {
            Thread thread = new Thread(work);
            thread.start();
            return thread;
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) {
                t.join();
            }
        }
    }

    private static int get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path))
                    .header("Authorization", suite.bearer(null))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitProjected(List<String> ids) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        for (String id : List.copyOf(ids)) {
            while (api.order(id) == null) {
                assertThat(System.nanoTime()).as("order " + id + " projected within 60 s").isLessThan(deadline);
                Thread.sleep(50);
            }
        }
    }

    private static int verify(String name) throws Exception {
        Process verify = worker(name, "--verify");
        assertThat(verify.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return verify.exitValue();
    }

    /** The packaged querymodel-worker in the rebuild profile, with the suite's settings, output in target/e2e-logs. */
    private static Process worker(String name, String... args) throws IOException {
        Path out = Path.of("target", "e2e-logs", name + ".log");
        Files.createDirectories(out.getParent());
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ServiceProcess.jvmOptions());
        command.addAll(ClassDataArchives.mapOnly("querymodel-worker"));
        command.addAll(List.of("-jar", UnpackedJars.of(Jars.of("querymodel-worker")).toString()));
        command.addAll(List.of(args));
        command.addAll(List.of(
                "--spring.grpc.client.channel.eventstore.target=static://127.0.0.1:" + grpc,
                "--eventstream.nats.stream=" + suite.stream,
                "--spring.datasource.url=" + suite.infra.jdbcUrl(suite.ordersDb),
                "--spring.datasource.hikari.maximum-pool-size=4",
                "--server.port=" + TestInfra.freePort(),
                "--management.tracing.export.zipkin.enabled=false",
                "--spring.main.banner-mode=off",
                // gRPC over mutual TLS, the shipped default, with the suite's certificates.
                "--eventstream.tls.dir=" + TestPki.DIR));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    }

    private static String log(String name) {
        try {
            return Files.readString(Path.of("target", "e2e-logs", name + ".log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static List<String> generationTables() throws SQLException {
        List<String> names = new ArrayList<>();
        try (var c = suite.infra.admin(suite.ordersDb); var s = c.createStatement();
             var rs = s.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
                     + " AND table_name ~ '_(g|old_g|check_g)[0-9]+$' ORDER BY 1")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}

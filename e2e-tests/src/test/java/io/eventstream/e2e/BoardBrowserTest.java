package io.eventstream.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.eventstream.common.testing.TestInfra;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The live order board in a real browser: headless Chromium (Debian's package) driven by
 * playwright-core (src/test/js/board-test.js) against a whole suite of processes. Places an
 * order through the form and watches it reach Approved, opens its details; then, with
 * payment-worker stopped so the next order stays Pending, cancels one from its details and
 * watches it reach Cancelled. Screenshot: target/board.png. Skipped (an assumption) when
 * chromium or node is not installed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BoardBrowserTest {

    private static final Path JS = Path.of("src", "test", "js");
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

    private Suite suite;
    private ServiceProcess payments;
    private String board;

    @BeforeAll
    void startSuite() throws Exception {
        skipUnless(Files.isExecutable(CHROMIUM), "no " + CHROMIUM + " (apt-get install -y chromium)");
        skipUnless(onPath("node") && onPath("npm"), "node or npm is not on the PATH");
        if (!Files.isDirectory(JS.resolve("node_modules").resolve("playwright-core"))) {
            assertThat(run(Duration.ofMinutes(3), "npm", "ci", "--no-audit", "--no-fund")).isZero();
        }
        suite = Suite.bootstrap();
        int grpc = TestInfra.freePort();
        suite.eventStore("board-eventstore", grpc).launch().awaitReady();
        int orderPort = TestInfra.freePort();
        ServiceProcess[] services = {
            suite.service("querymodel-worker", "board-querymodel-worker", TestInfra.freePort(), grpc).launch(),
            payments = suite.service("payment-worker", "board-payment-worker", TestInfra.freePort(), grpc).launch(),
            suite.service("review-worker", "board-review-worker", TestInfra.freePort(), grpc).launch(),
            // A deadline far away: the order to cancel must still be Pending when the browser cancels it.
            suite.service("saga-coordinator", "board-saga-coordinator", TestInfra.freePort(), grpc,
                    "--eventstream.saga.deadline=300s").launch(),
            suite.service("order-service", "board-order-service", orderPort, grpc).launch()};
        for (ServiceProcess p : services) {
            p.awaitReady();
        }
        // As ./suite up prints it: the operator's token in the fragment.
        board = "http://127.0.0.1:" + orderPort + "/board/#token=" + suite.operatorToken();
    }

    @AfterAll
    void stopSuite() throws Exception {
        if (suite != null) {
            suite.close();
        }
    }

    @Test
    void placeAnOrderWatchItReachApprovedOpenItThenCancelAnother() throws Exception {
        assertThat(run(Duration.ofMinutes(2), "node", "board-test.js", "approve", board)).isZero();

        payments.kill(); // the next order stays Pending: cancellable
        Path screenshot = Path.of("target", "board.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);
        assertThat(run(Duration.ofMinutes(2), "node", "board-test.js", "cancel", board, screenshot.toString()))
                .isZero();
        assertThat(screenshot).exists();
        assertThat(Files.size(screenshot)).isGreaterThan(10_000);
    }

    /** Said on the console too: a skipped class is easy to miss in the build's output. */
    private static void skipUnless(boolean condition, String why) {
        if (!condition) {
            System.err.println("BoardBrowserTest skipped: " + why);
        }
        assumeTrue(condition, "BoardBrowserTest skipped: " + why);
    }

    /** Runs a command in src/test/js; its output goes to target/e2e-logs/board-browser.log. */
    private static int run(Duration timeout, String... command) throws Exception {
        Path log = Path.of("target", "e2e-logs", "board-browser.log");
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(command).directory(JS.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in " + timeout + "; see " + log);
        }
        if (p.exitValue() != 0) {
            System.err.println(Files.readString(log));
        }
        return p.exitValue();
    }

    private static boolean onPath(String program) {
        return List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)).stream()
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }
}

package io.eventstream.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The live order board in a real browser: headless Chromium (Debian's package) driven by
 * playwright-core (src/test/js/board-test.js) against the {@link SharedSuite}. Places an order
 * through the form and watches it reach Approved, opens its details; then, with payment-worker
 * stopped so the next order stays Pending (the saga's shipped deadline, 60 s, is far off),
 * cancels one from its details and watches it reach Cancelled; then starts payment-worker again.
 * Screenshot: target/board.png. Skipped (an assumption) when chromium or node is not installed.
 */
@ExtendWith(SharedSuite.Resolver.class)
@Order(SharedSuite.RUNS_LAST)
class BoardBrowserTest {

    private static final Path JS = Path.of("src", "test", "js");
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

    private final SharedSuite shared;
    private final String board;

    BoardBrowserTest(SharedSuite shared) {
        this.shared = shared;
        // As ./suite up prints it: the operator's token in the fragment.
        board = "http://127.0.0.1:" + shared.whole.orderPort() + "/board/#token="
                + shared.whole.suite().operatorToken();
    }

    @BeforeAll
    static void installPlaywright() throws Exception {
        skipUnless(Files.isExecutable(CHROMIUM), "no " + CHROMIUM + " (apt-get install -y chromium)");
        skipUnless(onPath("node") && onPath("npm"), "node or npm is not on the PATH");
        if (!Files.isDirectory(JS.resolve("node_modules").resolve("playwright-core"))) {
            assertThat(run(Duration.ofMinutes(3), "npm", "ci", "--no-audit", "--no-fund")).isZero();
        }
    }

    @Test
    void placeAnOrderWatchItReachApprovedOpenItThenCancelAnother() throws Exception {
        assertThat(run(Duration.ofMinutes(2), "node", "board-test.js", "approve", board)).isZero();

        shared.whole.payments().kill(); // the next order stays Pending: cancellable
        Path screenshot = Path.of("target", "board.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);
        try {
            assertThat(run(Duration.ofMinutes(2), "node", "board-test.js", "cancel", board, screenshot.toString()))
                    .isZero();
        } finally {
            shared.whole.payments().start(); // the shared suite as this test found it
        }
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

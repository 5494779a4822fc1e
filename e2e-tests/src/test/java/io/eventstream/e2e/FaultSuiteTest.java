package io.eventstream.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fault suite (docs/faults.md): under a steady load of orders, one fault after another,
 * and after each every invariant checked; the table goes to stdout and to
 * {@code target/faults/faults-<time>.md}. {@code -Dfaults=short} (the default, what
 * {@code mvn -B verify} runs), {@code full}, {@code off}, or scenario titles separated by
 * commas; {@code -Dfaults.rate=15} orders per second. {@code scripts/faults.sh} runs it.
 */
class FaultSuiteTest {

    @Test
    void everyInvariantHoldsAfterEveryFault() throws Exception {
        String which = System.getProperty("faults", "short");
        assumeTrue(!which.equals("off"), "-Dfaults=off");
        assumeTrue(PrivatePostgres.available(), PrivatePostgres.BIN + "/initdb or runuser is missing");
        assumeTrue(Files.isExecutable(Path.of(PrivateNats.BINARY)), PrivateNats.BINARY + " is missing");
        List<FaultScenario> scenarios = FaultScenario.parse(which);
        double rate = Double.parseDouble(System.getProperty("faults.rate", "15"));
        ZonedDateTime started = ZonedDateTime.now(ZoneOffset.UTC);
        String stamp = started.format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path runDir = Path.of("target", "faults", "run-" + stamp).toAbsolutePath();
        long t0 = System.nanoTime();
        List<FaultSuite.Result> results = new ArrayList<>();
        Duration startup = null;
        Throwable aborted = null;
        try (FaultSuite faults = FaultSuite.start(runDir, rate)) {
            startup = FaultSuite.since(t0);
            System.out.println("faults: system up in " + FaultSuite.seconds(startup) + "; scenarios " + scenarios);
            for (FaultScenario scenario : scenarios) {
                FaultSuite.Result result = faults.run(scenario);
                results.add(result);
                System.out.println("faults: " + scenario.title() + " " + (result.passed() ? "PASS" : "FAIL")
                        + " " + result.checks());
            }
        } catch (Exception | AssertionError e) {
            aborted = e;
            throw e;
        } finally {
            List<String> about = new ArrayList<>(List.of(
                    "Run " + started.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")) + " UTC, list `" + which + "`, "
                            + rate + " orders/s from 4 clients; wall time " + FaultReport.duration(FaultSuite.since(t0))
                            + (startup == null ? "" : " (system start " + FaultSuite.seconds(startup) + ")"),
                    "Machine: " + machine()));
            if (aborted != null) {
                about.add("**Aborted**: " + aborted);
            }
            String table = FaultReport.render("Fault suite", about, results);
            Path file = FaultReport.write(Path.of("target", "faults", "faults-" + stamp + ".md"), table);
            System.out.println(table);
            System.out.println("faults: table written to " + file.toAbsolutePath() + ", logs in target/e2e-logs/faults-*.log"
                    + " and " + runDir);
        }
        assertThat(results).as("scenarios run").hasSize(scenarios.size());
        assertThat(results.stream().filter(r -> !r.passed()).map(r -> r.scenario().title() + ": "
                + r.checks().stream().filter(c -> !c.passed()).toList()).toList()).as("failed checks").isEmpty();
    }

    private static String machine() {
        String cpu = "?";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
        } catch (IOException ignored) {
            // not Linux
        }
        return Runtime.getRuntime().availableProcessors() + " CPUs (" + cpu + "), "
                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB test heap, " + System.getProperty("os.name")
                + " " + System.getProperty("os.version") + ", Java " + System.getProperty("java.version");
    }
}

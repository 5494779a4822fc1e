package io.eventstream.bootstrapper;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The real {@code main} in its own JVM: nothing but our lines may reach stdout and stderr
 * (no driver, NATS client or Flyway logging, no stack trace), and the exit code is the process's.
 */
class BootstrapperProcessTest extends BootstrapRunFixture {

    BootstrapperProcessTest() {
        super("bp");
    }

    @Test
    void unreachableNatsPrintsExactlyOneLineOnStderr() throws Exception {
        RunResult result = runMain("--nats-url", "nats://127.0.0.1:1", "--stream", "UNUSED");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.errLines()).containsExactly(
                "bootstrapper: cannot reach NATS at nats://127.0.0.1:1: Connection refused");
    }

    @Test
    void badUsagePrintsExactlyOneLineOnStderrAndExitsTwo() throws Exception {
        // In its own JVM, so anything picocli itself wrote to System.err (a trace, a usage dump) would show.
        RunResult result = runMain("--stream", "A", "--stream", "B", "--bogus=hunter2");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.errLines()).containsExactly("bootstrapper: unknown option --bogus (see --help)");
    }

    @Test
    void helpPrintsOnlyTheHelpAndExitsZero() throws Exception {
        RunResult result = runMain("--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(result.out()).startsWith("Usage: java -jar bootstrapper.jar [options]")
                .contains("NATS_URL", "DB_ADMIN_PASSWORD", "SAGA_DB", "CONNECT_TIMEOUT");
    }

    @Test
    void aSuccessfulRunPrintsOnlyItsReport() throws Exception {
        RunResult result = runMain(flags().toArray(String[]::new));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(result.outLines()).hasSize(12).last().isEqualTo("schema " + sagaDb + ": migrated to version " + Migrations.latestVersion("db/saga"));
    }

    private static RunResult runMain(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                Bootstrapper.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        // The child must not pick up settings from the environment the build runs in.
        List.of("NATS_URL", "NATS_STREAM", "DB_ADMIN_URL", "DB_USER", "EVENTSTORE_DB", "ORDERS_DB", "PAYMENTS_DB", "SAGA_DB")
                .forEach(builder.environment()::remove);
        Process process = builder.start();
        process.getOutputStream().close();
        var out = process.getInputStream().readAllBytes();
        var err = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new RunResult(process.exitValue(), new String(out, StandardCharsets.UTF_8),
                new String(err, StandardCharsets.UTF_8));
    }
}

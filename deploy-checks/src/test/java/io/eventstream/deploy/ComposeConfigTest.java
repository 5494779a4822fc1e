package io.eventstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Compose's own validation ({@code docker compose config}, or Debian's {@code docker-compose}),
 * which needs no engine. Skipped where neither is installed; {@link ComposeFileTest} runs anyway.
 */
class ComposeConfigTest {

    @Test
    void composeAcceptsTheFile() {
        List<String> compose = composeCommand();
        assumeTrue(compose != null, "neither `docker compose` nor `docker-compose` is installed");
        List<String> command = new ArrayList<>(compose);
        command.addAll(List.of("-f", Repo.composeFile().toString(), "config", "--quiet"));

        Processes.Result result = Processes.run(Repo.root(), command);

        assertThat(result.exitCode()).as(String.join(" ", command) + ": " + result.output()).isZero();
    }

    @Test
    void composeAcceptsTheNatsClusterOnTop() {
        List<String> compose = composeCommand();
        assumeTrue(compose != null, "neither `docker compose` nor `docker-compose` is installed");
        List<String> command = new ArrayList<>(compose);
        command.addAll(List.of("-f", Repo.composeFile().toString(),
                "-f", Repo.file("docker-compose.nats-cluster.yml").toString(), "config", "--quiet"));

        Processes.Result result = Processes.run(Repo.root(), command);

        assertThat(result.exitCode()).as(String.join(" ", command) + ": " + result.output()).isZero();
    }

    private static List<String> composeCommand() {
        for (List<String> candidate : List.of(List.of("docker", "compose"), List.of("docker-compose"))) {
            List<String> version = new ArrayList<>(candidate);
            version.add("version");
            try {
                if (Processes.run(Repo.root(), version).exitCode() == 0) {
                    return candidate;
                }
            } catch (RuntimeException notInstalled) {
                // try the next one
            }
        }
        return null;
    }
}

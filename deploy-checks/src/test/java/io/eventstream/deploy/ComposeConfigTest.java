package io.eventstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Compose's own validation ({@code docker compose config}, or Debian's {@code docker-compose}),
 * which needs no engine, of docker-compose.yml and of each override combination README.md documents. Skipped where neither is installed; {@link ComposeFileTest} runs anyway.
 */
class ComposeConfigTest {

    @ParameterizedTest
    @EnumSource(ComposeVariant.class)
    void composeAcceptsEveryVariant(ComposeVariant variant) {
        List<String> compose = composeCommand();
        assumeTrue(compose != null, "neither `docker compose` nor `docker-compose` is installed");
        List<String> command = new ArrayList<>(compose);
        variant.paths().forEach(f -> command.addAll(List.of("-f", f.toString())));
        command.addAll(List.of("config", "--quiet"));

        Processes.Result result = Processes.run(Repo.root(), command);

        assertThat(result.exitCode()).as(String.join(" ", command) + ": " + result.output()).isZero();
        // Compose also warns without failing (an unset variable, for one): nothing to warn about.
        assertThat(result.output()).as(String.join(" ", command)).doesNotContainIgnoringCase("warn");
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

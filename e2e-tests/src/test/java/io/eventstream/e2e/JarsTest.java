package io.eventstream.e2e;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JarsTest {

    @TempDir
    Path root;

    @Test
    void aSuiteWithAJarMissingFailsBeforeStartingAnythingAndNamesEveryMissingJar() throws IOException {
        Path present = Jars.of(root, "eventstore-service");
        Files.createDirectories(present.getParent());
        Files.createFile(present);

        assertThatThrownBy(() -> Jars.requireAll(root, List.of("eventstore-service", "order-service", "payment-worker")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("order-service-0.1.0-SNAPSHOT.jar")
                .hasMessageContaining("payment-worker-0.1.0-SNAPSHOT.jar")
                .hasMessageNotContaining("eventstore-service-0.1.0-SNAPSHOT.jar")
                .hasMessageContaining("are missing: run `mvn -B verify`");
    }

    @Test
    void aSuiteWithEveryJarStarts() throws IOException {
        Path present = Jars.of(root, "eventstore-service");
        Files.createDirectories(present.getParent());
        Files.createFile(present);

        assertThatCode(() -> Jars.requireAll(root, List.of("eventstore-service"))).doesNotThrowAnyException();
    }
}

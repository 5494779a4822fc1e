package io.eventstream.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which process writes a module's class data archive, and when what it wrote is kept. */
class ClassDataArchivesTest {

    private final String module = "archives-test-" + UUID.randomUUID();

    @AfterEach
    void forgetTheModule() throws Exception {
        ClassDataArchives.forget(module);
    }

    @Test
    void aKilledWriterLeavesNoArchiveAndTheNextProcessWritesOne() throws Exception {
        ClassDataArchives.Use first = ClassDataArchives.forStart(module);
        assertThat(first.flags()).anyMatch(flag -> flag.startsWith("-XX:ArchiveClassesAtExit="));
        assertThat(ClassDataArchives.forStart(module).flags()).as("one writer at a time").isEmpty();

        Files.writeString(first.writing(), "half an archive"); // SIGKILL in the middle of the write
        first.exited(137);

        assertThat(first.writing()).doesNotExist();
        assertThat(ClassDataArchives.mapOnly(module)).isEmpty();
        ClassDataArchives.Use next = ClassDataArchives.forStart(module);
        assertThat(next.writing()).isNotNull();
        next.exited(143); // exited without writing anything (the JVM failed before its dump)
        ClassDataArchives.Use again = ClassDataArchives.forStart(module);
        assertThat(again.writing()).as("a writer again").isNotNull();
        again.exited(137);
    }

    @Test
    void aWriterThatExitsByItselfGivesTheModuleItsArchiveAndLaterProcessesMapIt() throws Exception {
        ClassDataArchives.Use writer = ClassDataArchives.forStart(module);
        Files.writeString(writer.writing(), "an archive");
        writer.exited(143); // SIGTERM: Spring Boot's graceful stop, then the JVM's dump

        ClassDataArchives.Use later = ClassDataArchives.forStart(module);
        assertThat(later.writing()).isNull();
        assertThat(later.flags()).singleElement().asString().startsWith("-XX:SharedArchiveFile=");
        Path archive = Path.of(later.flags().get(0).substring("-XX:SharedArchiveFile=".length()));
        assertThat(archive).hasContent("an archive");
        assertThat(ClassDataArchives.mapOnly(module)).isEqualTo(later.flags());
        assertThat(writer.writing()).doesNotExist();
    }
}

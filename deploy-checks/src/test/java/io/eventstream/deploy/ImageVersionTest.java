package io.eventstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * Every image the deployment pulls is pinned to a patch version, and CockroachDB to one that the
 * bootstrapper's Flyway can migrate: the version README.md states.
 */
class ImageVersionTest {

    private static final Pattern FROM = Pattern.compile("^FROM\\s+(\\S+)(\\s+AS\\s+(\\S+))?", Pattern.MULTILINE | Pattern.CASE_INSENSITIVE);
    private static final Pattern COCKROACH_TAG = Pattern.compile("cockroachdb/cockroach:v(\\d+)\\.(\\d+)\\.(\\d+)");
    private static final Pattern FLYWAY_CORE = Pattern.compile("flyway-core-(\\d+)\\.(\\d+)\\.\\d+\\.jar");
    private static final Pattern FLYWAY_POSTGRES = Pattern.compile("flyway-database-postgresql-[\\d.]+\\.jar");

    @Test
    void everyImageIsPinnedToAPatchVersion() {
        List<String> problems = new ArrayList<>();
        // Images built here are tagged locally (eventstream/...:dev), never pulled; a one-shot may
        // run the image another service builds (secrets-init runs the bootstrapper's).
        Set<String> built = new LinkedHashSet<>();
        for (Path file : Repo.composeFiles()) {
            Compose.asMap(Compose.read(file).get("services"), file + " services").forEach((name, value) -> {
                Map<String, Object> service = Compose.asMap(value, name);
                if (service.containsKey("build") && service.get("image") != null) {
                    built.add(service.get("image").toString());
                }
            });
        }
        for (Path file : Repo.composeFiles()) {
            Map<String, Object> services = Compose.asMap(Compose.read(file).get("services"), file + " services");
            services.forEach((name, value) -> {
                Map<String, Object> service = Compose.asMap(value, name);
                Object image = service.get("image");
                if (image != null && !service.containsKey("build") && !built.contains(image.toString())) {
                    check(file.getFileName() + " " + name, image.toString(), problems);
                }
            });
        }
        Set<String> stages = new LinkedHashSet<>();
        Matcher from = FROM.matcher(Repo.read(Repo.dockerfile()));
        int bases = 0;
        while (from.find()) {
            if (!stages.contains(from.group(1))) {
                check("docker/Dockerfile", from.group(1), problems);
                bases++;
            }
            if (from.group(3) != null) {
                stages.add(from.group(3));
            }
        }
        assertThat(bases).as("base images in the Dockerfile").isEqualTo(2);
        assertThat(problems).isEmpty();
    }

    @Test
    void thePinRuleRefusesWhatFloats() {
        List<String> problems = new ArrayList<>();
        for (String floating : List.of("natsio/nats-box:latest", "nats", "nats:2.11-alpine", "eclipse-temurin:17-jre",
                "maven:3.9-eclipse-temurin-17", "postgres:15")) {
            check("example", floating, problems);
        }
        check("example", "postgres:15-alpine", problems);
        assertThat(problems).hasSize(7);
        problems.clear();
        for (String pinned : List.of("nats:2.11.16-alpine", "cockroachdb/cockroach:v25.4.17", "eclipse-temurin:17.0.17_10-jre",
                "maven:3.9.11-eclipse-temurin-17", "nats@sha256:" + "0".repeat(64), "postgres:15.14-alpine", "postgres:15.14")) {
            check("example", pinned, problems);
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void cockroachDbIsTheVersionTheReadmeStatesAndFlywayCanMigrate() {
        Set<String> tags = new LinkedHashSet<>();
        for (Path file : Repo.composeFiles()) {
            Matcher m = COCKROACH_TAG.matcher(Repo.read(file));
            while (m.find()) {
                tags.add(m.group());
            }
        }
        assertThat(tags).as("one CockroachDB version in every Compose file").hasSize(1);
        String tag = tags.iterator().next();
        Matcher version = COCKROACH_TAG.matcher(tag);
        assertThat(version.matches()).isTrue();
        int major = Integer.parseInt(version.group(1));
        int minor = Integer.parseInt(version.group(2));
        // Line breaks of the prose do not matter.
        String readme = Repo.read(Repo.file("README.md")).replaceAll("\\s+", " ");
        assertThat(readme).as("README.md states the CockroachDB version").contains("`" + tag + "`");

        // The range README.md documents: from 22.1, the newest Flyway's CockroachDB support names
        // (newer ones log "Flyway upgrade recommended" and migrate), to before 26.1, where
        // crdb_internal.node_build_info, from which Flyway reads the version, is restricted by
        // default (https://www.cockroachlabs.com/docs/v26.1/crdb-internal#access-control).
        assertThat(major * 100 + minor).as(tag).isBetween(2201, 2599);
        assertThat(readme).contains("from v22.1 up to v25.4 (not v26.1 or later)");

        // ... checked against the Flyway the bootstrapper ships: when Spring Boot brings another
        // one, this fails and asks for the range to be checked again.
        ModuleJar bootstrapper = ModuleJar.of("bootstrapper");
        String core = bootstrapper.libraries().stream().filter(l -> FLYWAY_CORE.matcher(l).matches()).findFirst().orElseThrow();
        Matcher flyway = FLYWAY_CORE.matcher(core);
        assertThat(flyway.matches()).isTrue();
        assertThat(readme).as("README.md names the Flyway version the range was checked for")
                .contains("Flyway " + flyway.group(1) + "." + flyway.group(2));
        String postgres = bootstrapper.libraries().stream().filter(l -> FLYWAY_POSTGRES.matcher(l).matches()).findFirst().orElseThrow();
        String cockroachSupport = new String(bootstrapper.libraryEntry(postgres,
                "org/flywaydb/database/cockroachdb/CockroachDBDatabase.class"), StandardCharsets.ISO_8859_1);
        assertThat(cockroachSupport).contains("crdb_internal.node_build_info").contains("22.1");
    }

    /**
     * Pinned: a digest, or a tag with a full version (2.11.16-alpine, v25.4.17, 17.0.17_10-jre).
     * PostgreSQL's releases since 10 are major.minor, the minor being the patch release
     * (https://www.postgresql.org/support/versioning/): 15.14 is full, 15 floats.
     */
    private static void check(String where, String image, List<String> problems) {
        boolean digest = image.matches("[^@]+@sha256:[0-9a-f]{64}");
        String name = image.substring(image.lastIndexOf('/') + 1);
        String repository = name.contains(":") ? name.substring(0, name.indexOf(':')) : name;
        String tag = name.contains(":") ? name.substring(name.indexOf(':') + 1) : "";
        String full = repository.equals("postgres") ? "\\d+\\.\\d+([^.\\d].*)?" : ".*\\d+\\.\\d+\\.\\d+.*";
        if (image.contains("${") || !digest && !tag.matches(full)) {
            problems.add(where + ": " + image + " is not pinned to a patch version or a digest");
        }
    }
}

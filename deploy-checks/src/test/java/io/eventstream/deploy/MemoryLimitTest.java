package io.eventstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Memory on one Docker host: every container has a limit, the limits of each variant fit the
 * host size README.md states, and what sizes itself (CockroachDB, the JVMs, NATS, PostgreSQL)
 * does so from its container's limit, not from the host's memory.
 */
class MemoryLimitTest {

    /** The Docker host README.md sizes the deployment for. */
    static final long HOST_MIB = 8 * 1024;

    private static final Pattern FLAG = Pattern.compile("--(cache|max-sql-memory)=(\\S+)");
    private static final Pattern MAX_RAM = Pattern.compile("-XX:MaxRAMPercentage=(\\d+)");

    @ParameterizedTest
    @EnumSource(ComposeVariant.class)
    void everyContainerHasALimitAndTheLimitsFitTheHost(ComposeVariant variant) {
        Compose compose = variant.load();
        long sum = 0;
        for (String service : compose.activeServices()) {
            // mem_limit, not deploy.resources: the attribute plain `docker compose up` applies
            // (https://docs.docker.com/reference/compose-file/services/#mem_limit).
            Long limit = compose.memLimitMib(service);
            assertThat(limit).as(variant + ": " + service + " mem_limit").isNotNull().isPositive();
            sum += limit;
        }
        assertThat(sum).as(variant + ": the limits add up to at most the host's " + HOST_MIB + " MiB").isLessThanOrEqualTo(HOST_MIB);
    }

    @Test
    void theReadmeStatesTheHostSizeAndTheDefaultsSum() {
        Compose compose = ComposeVariant.DEFAULT.load();
        long sum = compose.activeServices().stream().mapToLong(compose::memLimitMib).sum();
        // Line breaks of the prose do not matter.
        String readme = Repo.read(Repo.file("README.md")).replaceAll("\\s+", " ");
        String gib = sum % 1024 == 0 ? Long.toString(sum / 1024) : String.format(Locale.ROOT, "%.1f", sum / 1024.0);
        assertThat(readme).contains("an 8 GiB Docker host").contains("add up to " + gib + " GiB");
    }

    @ParameterizedTest
    @EnumSource(ComposeVariant.class)
    void cockroachDbSizesItsCacheAndSqlMemoryFromItsContainer(ComposeVariant variant) {
        Compose compose = variant.load();
        for (String service : compose.activeServices()) {
            Object command = compose.service(service).get("command");
            if (!compose.service(service).get("image").toString().startsWith("cockroachdb/cockroach:")
                    || !(command instanceof String c) || !c.startsWith("start")) {
                continue;
            }
            Matcher m = FLAG.matcher(c);
            Long cache = null;
            Long sql = null;
            while (m.find()) {
                // A fraction (.25) is a fraction of the machine's memory: explicit sizes only.
                long mib = ByteValue.mib(m.group(2));
                if (m.group(1).equals("cache")) {
                    cache = mib;
                } else {
                    sql = mib;
                }
            }
            assertThat(cache).as(service + " --cache").isNotNull();
            assertThat(sql).as(service + " --max-sql-memory").isNotNull();
            // (2 * --max-sql-memory) + --cache <= 80% of the memory
            // (https://www.cockroachlabs.com/docs/v25.4/recommended-production-settings#cache-and-sql-memory-size).
            long limit = compose.memLimitMib(service);
            assertThat((2 * sql + cache) * 100).as(variant + ": " + service + " (2 * sql + cache) within 80% of " + limit + " MiB")
                    .isLessThanOrEqualTo(80 * limit);
        }
    }

    @Test
    void theJvmsUseTheSerialCollectorWhateverTheLimit() {
        // Under 1792 MiB the JVM picks Serial by itself; named, a larger limit does not switch to G1
        // (issue 19: G1 measured no cheaper per append for these small heaps, and costlier to start).
        assertThat(Repo.read(Repo.dockerfile())).containsPattern("(?m)^ENTRYPOINT \\[.*\"-XX:\\+UseSerialGC\"");
        for (ComposeVariant variant : ComposeVariant.values()) {
            Compose compose = variant.load();
            for (String service : compose.builtServices().keySet()) {
                Object options = compose.environment(service).get("JAVA_TOOL_OPTIONS");
                assertThat(String.valueOf(options)).as(service).doesNotContain("G1GC").doesNotContain("ParallelGC");
            }
        }
    }

    @Test
    void theJvmsSizeTheirHeapFromTheContainerLimit() {
        // The image's ENTRYPOINT gives the heap a share of the container's limit ...
        Matcher m = MAX_RAM.matcher(Repo.read(Repo.dockerfile()));
        assertThat(m.find()).as("-XX:MaxRAMPercentage in the Dockerfile's ENTRYPOINT").isTrue();
        assertThat(Integer.parseInt(m.group(1))).isBetween(25, 75);
        // ... and no service overrides it with a fixed heap that ignores the limit.
        for (ComposeVariant variant : ComposeVariant.values()) {
            Compose compose = variant.load();
            for (String service : compose.builtServices().keySet()) {
                Object options = compose.environment(service).get("JAVA_TOOL_OPTIONS");
                assertThat(String.valueOf(options)).as(service).doesNotContain("-Xmx").doesNotContain("MaxRAM");
            }
        }
    }

    @Test
    void natsAndPostgresStayWithinTheirContainers() {
        for (String conf : List.of("docker/nats/js.conf", "docker/nats/cluster.conf")) {
            long memoryStore = ByteValue.mib(NatsConfig.value(Repo.read(Repo.file(conf)), "max_memory_store"));
            for (ComposeVariant variant : ComposeVariant.values()) {
                Compose compose = variant.load();
                compose.activeServices().stream().filter(s -> compose.service(s).get("image").toString().startsWith("nats:"))
                        .forEach(s -> assertThat(memoryStore).as(conf + " memory store within " + s).isLessThan(compose.memLimitMib(s) / 2));
            }
        }
        Compose postgres = ComposeVariant.POSTGRES.load();
        List<?> command = (List<?>) postgres.service("postgres").get("command");
        String sharedBuffers = command.stream().map(Object::toString).filter(a -> a.startsWith("shared_buffers="))
                .findFirst().orElseThrow().substring("shared_buffers=".length());
        assertThat(ByteValue.mib(sharedBuffers) * 4).isLessThanOrEqualTo(postgres.memLimitMib("postgres"));
        Map<String, Object> env = postgres.environment("postgres");
        assertThat(env).containsKey("POSTGRES_PASSWORD");
    }
}

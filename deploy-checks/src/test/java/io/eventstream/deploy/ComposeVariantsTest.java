package io.eventstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each documented deployment as Compose sees it: docker-compose.yml with its override files
 * merged ({@link ComposeVariant}). The licence handling of the three CockroachDB nodes, the
 * PostgreSQL wiring, the NATS cluster's clients, and that every variant can start at all.
 */
class ComposeVariantsTest {

    private static final Set<String> CONDITIONS =
            Set.of("service_started", "service_healthy", "service_completed_successfully");
    private static final List<String> NODES = List.of("roach1", "roach2", "roach3");

    @ParameterizedTest
    @EnumSource(ComposeVariant.class)
    void everyDependencyIsARunningServiceWithAConditionItCanMeet(ComposeVariant variant) {
        Compose compose = variant.load();
        List<String> active = compose.activeServices();
        List<String> problems = new ArrayList<>();
        for (String service : active) {
            compose.dependsOn(service).forEach((target, condition) -> {
                if (!active.contains(target)) {
                    problems.add(service + " depends on " + target + ", which does not run in this variant");
                    return;
                }
                if (!CONDITIONS.contains(condition)) {
                    problems.add(service + " waits for " + target + " with the unknown condition " + condition);
                }
                Map<String, Object> dependency = compose.service(target);
                if (condition.equals("service_healthy") && !(dependency.get("healthcheck") instanceof Map)) {
                    problems.add(service + " waits for " + target + " to be healthy, which has no health check");
                }
                if (condition.equals("service_completed_successfully") && !"no".equals(dependency.get("restart"))) {
                    problems.add(service + " waits for " + target + " to complete, which is not a one-shot");
                }
            });
        }
        assertThat(problems).as(variant.files().toString()).isEmpty();
        // The application itself runs in every variant, after the bootstrapper.
        assertThat(active).as(variant.files().toString()).contains("bootstrapper", "db-init", "eventstore-service",
                "order-service", "payment-worker", "review-worker", "querymodel-worker", "saga-coordinator");
        assertThat(compose.dependsOn("bootstrapper")).containsEntry("db-init", "service_completed_successfully");
    }

    @Test
    void theClusterRunsThreeNodesAndRefusesToStartWithoutALicenceKey() {
        Compose compose = ComposeVariant.COCKROACH_CLUSTER.load();
        for (int i = 0; i < NODES.size(); i++) {
            String node = NODES.get(i);
            assertThat(compose.activeServices()).contains(node);
            assertThat(compose.service(node).get("command").toString()).startsWith("start --insecure ")
                    .contains("--join=roach1:26257,roach2:26257,roach3:26257")
                    .contains("--advertise-addr=" + node + ":26257");
            assertThat(compose.ports(node)).containsExactly((26257 + i) + ":26257", (8080 + i) + ":8080");
            assertThat(compose.service(node).get("volumes").toString()).contains(node + ":/cockroach/cockroach-data");
        }

        // db-init reads the key from the host's environment (Compose interpolation) ...
        assertThat(compose.environment("db-init"))
                .containsEntry("COCKROACH_LICENSE_KEY", "${COCKROACH_LICENSE_KEY:-}")
                .containsEntry("COCKROACH_UNLICENSED", "${COCKROACH_UNLICENSED:-}");
        assertThat(compose.dependsOn("db-init")).containsOnlyKeys(NODES);
        String script = compose.service("db-init").get("command").toString();
        // ... initializes the cluster once, installs the key the documented way ...
        assertThat(script).contains("cockroach init --insecure --host=roach1:26257").contains("already been initialized")
                .contains("SET CLUSTER SETTING enterprise.license = '$$COCKROACH_LICENSE_KEY'");
        // ... and without one exits 1, so the bootstrapper and the services never start, unless
        // the cluster is declared short-lived.
        String noKey = script.substring(script.lastIndexOf("else"));
        assertThat(noKey).contains("licensing-faqs#throttling").contains("COCKROACH_LICENSE_KEY").contains("exit 1");
        assertThat(script).contains("\"$$COCKROACH_UNLICENSED\" = ephemeral");
        // The key ends up in a SQL literal: characters a key does not have are refused first.
        assertThat(script.indexOf("*[!A-Za-z0-9+/=_.-]*")).isPositive().isLessThan(script.indexOf("SET CLUSTER SETTING"));

        // Every service's pool spreads over the three nodes.
        for (String service : datasourceServices(compose)) {
            assertThat(compose.environment(service).get("SPRING_DATASOURCE_URL").toString()).as(service)
                    .startsWith("jdbc:postgresql://roach1:26257,roach2:26257,roach3:26257/")
                    .contains("loadBalanceHosts=true");
        }
    }

    @Test
    void withoutTheClusterFileNoCockroachDbClusterRuns() {
        // The default and the NATS cluster alone run one CockroachDB node: nothing to licence.
        for (ComposeVariant variant : List.of(ComposeVariant.DEFAULT, ComposeVariant.NATS_CLUSTER)) {
            Compose compose = variant.load();
            List<String> nodes = cockroachNodes(compose);
            assertThat(nodes).as(variant.name()).containsExactly("roach1");
            assertThat(compose.service("roach1").get("command").toString()).startsWith("start-single-node ");
        }
    }

    @Test
    void thePostgresVariantRunsNoCockroachDbAndWiresEveryDatasourceToPostgres() {
        Compose compose = ComposeVariant.POSTGRES.load();
        assertThat(compose.activeServices()).contains("postgres").doesNotContain("roach1");
        assertThat(cockroachNodes(compose)).isEmpty();
        assertThat(compose.service("postgres").get("image").toString()).startsWith("postgres:15.");
        assertThat(compose.service("db-init").get("command").toString()).contains("pg_isready -h postgres");

        Map<String, Object> bootstrapper = compose.environment("bootstrapper");
        assertThat(bootstrapper.get("DB_ADMIN_URL")).isEqualTo("jdbc:postgresql://postgres:5432/postgres");
        assertThat(bootstrapper).containsEntry("DB_ADMIN_USER", "postgres").containsKeys("DB_ADMIN_PASSWORD", "DB_PASSWORD");
        // The administrator's password is the one the postgres container is created with.
        assertThat(bootstrapper.get("DB_ADMIN_PASSWORD")).isEqualTo(compose.environment("postgres").get("POSTGRES_PASSWORD"));

        List<String> services = datasourceServices(compose);
        assertThat(services).contains("eventstore-service", "order-service", "payment-worker", "querymodel-worker",
                "saga-coordinator");
        for (String service : services) {
            Map<String, Object> env = compose.environment(service);
            assertThat(env.get("SPRING_DATASOURCE_URL").toString()).as(service).startsWith("jdbc:postgresql://postgres:5432/");
            // The user the bootstrapper created, with the password it was given.
            assertThat(env.get("SPRING_DATASOURCE_USERNAME")).as(service).isEqualTo(bootstrapper.get("DB_USER"));
            assertThat(env.get("SPRING_DATASOURCE_PASSWORD")).as(service).isEqualTo(bootstrapper.get("DB_PASSWORD"));
        }
        // Nothing that runs still points at a CockroachDB node.
        for (String service : compose.activeServices()) {
            assertThat(compose.environment(service).values().toString()).as(service).doesNotContain("roach");
        }
    }

    @ParameterizedTest
    @EnumSource(value = ComposeVariant.class, names = {"NATS_CLUSTER", "COCKROACH_AND_NATS_CLUSTERS", "POSTGRES_AND_NATS_CLUSTER"})
    void everyNatsClientListsEveryNatsServerOfTheCluster(ComposeVariant variant) {
        Compose compose = variant.load();
        Set<String> servers = compose.activeServices().stream()
                .filter(s -> compose.service(s).get("image").toString().startsWith("nats:"))
                .map(s -> "nats://" + s + ":4222").collect(Collectors.toSet());
        assertThat(servers).hasSize(3);

        List<String> clients = natsClients(Compose.load(Repo.composeFile()));
        assertThat(clients).contains("bootstrapper", "eventstore-service", "payment-worker", "review-worker",
                "querymodel-worker", "saga-coordinator");
        for (String client : clients) {
            Map<String, Object> env = compose.environment(client);
            Object url = env.containsKey("NATS_URL") ? env.get("NATS_URL") : env.get("EVENTSTREAM_NATS_URL");
            assertThat(Set.of(url.toString().split(","))).as(variant + ": " + client + " NATS servers").isEqualTo(servers);
            if (!client.equals("bootstrapper")) {
                // Their durable consumers and publishes start on the replicated streams.
                assertThat(compose.dependsOn(client)).as(client)
                        .containsEntry("nats-replicas", "service_completed_successfully");
            }
        }
    }

    @Test
    void everyServiceThatConnectsToNatsIsGivenItsAddress() {
        // A Spring service of ours connects to NATS unless it turns the connection off
        // (order-service: eventstream.nats.enabled=false) or excludes the auto-configuration. It must get the server list from Compose: otherwise it tries
        // 127.0.0.1 and the cluster override cannot list the nodes for it (saga-coordinator once).
        Compose compose = Compose.load(Repo.composeFile());
        List<String> clients = natsClients(compose);
        compose.builtServices().forEach((service, module) -> {
            ModuleJar jar = ModuleJar.of(module);
            if (!jar.isSpringApplication()) {
                return;
            }
            Map<String, Object> yml = jar.applicationProperties();
            boolean excluded = String.valueOf(yml.get("spring.autoconfigure.exclude")).contains("NatsAutoConfiguration");
            boolean disabled = "false".equals(String.valueOf(yml.get("eventstream.nats.enabled")));
            boolean connects = yml.containsKey("eventstream.nats.url") && !excluded && !disabled;
            assertThat(clients.contains(service)).as(service + " connects to NATS: " + connects).isEqualTo(connects);
        });
    }

    private static List<String> natsClients(Compose compose) {
        return compose.activeServices().stream().filter(s -> {
            Map<String, Object> env = compose.environment(s);
            return env.containsKey("NATS_URL") || env.containsKey("EVENTSTREAM_NATS_URL");
        }).toList();
    }

    private static List<String> datasourceServices(Compose compose) {
        return compose.activeServices().stream()
                .filter(s -> compose.environment(s).containsKey("SPRING_DATASOURCE_URL")).toList();
    }

    private static List<String> cockroachNodes(Compose compose) {
        return compose.activeServices().stream().filter(s -> {
            Object command = compose.service(s).get("command");
            return compose.service(s).get("image").toString().startsWith("cockroachdb/cockroach:")
                    && command instanceof String c && Arrays.asList("start", "start-single-node").contains(c.split(" ")[0]);
        }).toList();
    }
}

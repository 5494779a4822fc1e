package io.eventstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml alone, checked by structure (its override files: {@link ComposeVariantsTest}): no Docker engine runs on the build machine, so the
 * file is made right by construction and these tests keep it so. (With Compose installed,
 * {@link ComposeConfigTest} also has Compose itself validate it.)
 */
class ComposeFileTest {

    private static final Set<String> CONDITIONS =
            Set.of("service_started", "service_healthy", "service_completed_successfully");
    private static final Pattern HEALTH_URL = Pattern.compile("http://localhost:(\\d+)(/\\S*)");

    private static Compose compose;

    @BeforeAll
    static void load() {
        compose = Compose.load(Repo.composeFile());
    }

    @Test
    void cockroachDbRunsOneNodeThatNoLicenceThrottles() {
        // A cluster of one node started with start-single-node is not throttled without a licence
        // key (https://www.cockroachlabs.com/docs/v25.4/licensing-faqs#single-node-clusters);
        // the three nodes are docker-compose.cluster.yml's (ComposeVariantsTest).
        List<String> cockroach = compose.services().keySet().stream()
                .filter(s -> compose.service(s).get("image").toString().startsWith("cockroachdb/cockroach:"))
                .toList();
        assertThat(cockroach).containsExactlyInAnyOrder("roach1", "db-init");
        String command = compose.service("roach1").get("command").toString();
        assertThat(command).startsWith("start-single-node --insecure ").doesNotContain("--join")
                .contains("--advertise-addr=roach1:26257").contains("--listen-addr=:26257").contains("--http-addr=:8080");
        // SQL on 26257 and the web UI on 8080, as the original's first node.
        assertThat(compose.ports("roach1")).containsExactly("26257:26257", "8080:8080");
        assertThat(compose.service("roach1").get("volumes").toString()).contains("roach1:/cockroach/cockroach-data");
        assertThat(compose.service("roach1").get("restart")).isEqualTo("unless-stopped");

        // db-init waits for SQL without naming roach1 in depends_on, so that the PostgreSQL
        // override can switch roach1 off.
        Map<String, Object> init = compose.service("db-init");
        assertThat(init.get("restart")).isEqualTo("no");
        assertThat(compose.dependsOn("db-init")).isEmpty();
        assertThat(init.get("command").toString()).contains("cockroach sql --insecure --host=roach1:26257").contains("exit 1");
    }

    @Test
    void natsRunsJetStreamFromItsConfigFileOnAVolume() {
        Map<String, Object> nats = compose.service("nats");
        assertThat(nats.get("image").toString()).startsWith("nats:2.");
        assertThat(compose.ports("nats")).contains("4222:4222", "8222:8222");
        assertThat(nats.get("command")).isEqualTo(List.of("--config", "/etc/nats/js.conf"));
        List<String> volumes = ((List<?>) nats.get("volumes")).stream().map(Object::toString).toList();
        assertThat(volumes).contains("./docker/nats/js.conf:/etc/nats/js.conf:ro");
        String storeDir = NatsConfig.value(Repo.read(Repo.file("docker/nats/js.conf")), "store_dir");
        assertThat(volumes).contains("nats-data:" + storeDir);
        assertThat(healthTest("nats")).contains("http://localhost:8222/healthz");
    }

    @Test
    void natsRunsWithTheAuthorizationSecretsInitWritesAndEveryClientHasItsOwnKey() {
        // secrets-init writes /secrets/nats in the volume; nats mounts it at /etc/nats/secrets,
        // where js.conf includes secrets/nats/auth.conf from.
        Map<String, Object> init = compose.service("secrets-init");
        assertThat(init.get("restart")).isEqualTo("no");
        assertThat(init.get("image")).isEqualTo(compose.service("bootstrapper").get("image"));
        assertThat(init.get("command").toString()).contains("nats-auth --dir /secrets/nats");
        assertThat(volumes("secrets-init")).contains("secrets:/secrets");
        assertThat(compose.dependsOn("nats")).containsEntry("secrets-init", "service_completed_successfully");
        assertThat(volumes("nats")).contains("secrets:/etc/nats/secrets:ro");
        assertThat("/etc/nats/" + NatsConfig.include(Repo.read(Repo.file("docker/nats/js.conf"))))
                .isEqualTo("/etc/nats/secrets/nats/auth.conf");
        assertThat(NatsConfig.include(Repo.read(Repo.file("docker/nats/cluster.conf")))).isEqualTo("secrets/nats/auth.conf");

        assertThat(compose.environment("bootstrapper")).containsEntry("NATS_NKEY", "/secrets/nats/bootstrapper.nk");
        assertThat(volumes("bootstrapper")).contains("secrets:/secrets:ro");
        for (String service : List.of("eventstore-service", "payment-worker", "review-worker", "querymodel-worker",
                "saga-coordinator")) {
            assertThat(compose.environment(service)).as(service)
                    .containsEntry("EVENTSTREAM_NATS_NKEYFILE", "/secrets/nats/" + service + ".nk");
            assertThat(volumes(service)).as(service).contains("secrets:/secrets:ro");
        }
        assertThat(compose.environment("order-service")).doesNotContainKey("EVENTSTREAM_NATS_NKEYFILE");
    }

    private static List<String> volumes(String service) {
        Object volumes = compose.service(service).get("volumes");
        return volumes == null ? List.of() : ((List<?>) volumes).stream().map(Object::toString).toList();
    }

    @Test
    void zipkinListensOn9411() {
        assertThat(compose.service("zipkin").get("image").toString()).startsWith("openzipkin/zipkin:");
        assertThat(compose.ports("zipkin")).containsExactly("9411:9411");
    }

    @Test
    void theBootstrapperRunsOnceAfterTheDatabaseAndNatsAndEveryServiceWaitsForIt() {
        assertThat(compose.service("bootstrapper").get("restart")).isEqualTo("no");
        assertThat(compose.dependsOn("bootstrapper")).containsEntry("db-init", "service_completed_successfully")
                .containsEntry("nats", "service_healthy");
        Map<String, Object> env = compose.environment("bootstrapper");
        // CockroachDB in insecure mode: root, no password.
        assertThat(env).containsEntry("DB_ADMIN_USER", "root").doesNotContainKey("DB_ADMIN_PASSWORD");
        assertThat(env.get("DB_ADMIN_URL").toString()).startsWith("jdbc:postgresql://roach1:26257/")
                .contains("sslmode=disable");

        for (String service : longRunningBuiltServices()) {
            assertThat(compose.dependsOn(service)).as(service)
                    .containsEntry("bootstrapper", "service_completed_successfully");
        }
    }

    @Test
    void everyServiceHasARestartPolicyAndAReadinessCheckOnItsOwnPort() {
        for (String service : longRunningBuiltServices()) {
            assertThat(compose.service(service).get("restart")).as(service).isEqualTo("unless-stopped");
            List<String> test = healthTest(service);
            assertThat(test).as(service).hasSize(3).startsWith("CMD", "healthcheck");
            Matcher url = HEALTH_URL.matcher(test.get(2));
            assertThat(url.matches()).as(service + " health URL " + test.get(2)).isTrue();
            assertThat(Integer.parseInt(url.group(1))).as(service + " health check port")
                    .isEqualTo(ServicePorts.of(compose, service).http());
            assertThat(url.group(2)).isEqualTo("/actuator/health/readiness");
        }
    }

    @Test
    void publishedPortsAreThePortsTheServicesListenOn() {
        for (String service : longRunningBuiltServices()) {
            ServicePorts ports = ServicePorts.of(compose, service);
            List<Integer> published = compose.ports(service).stream()
                    .map(p -> PublishedPort.parse(p).containerPort()).toList();
            assertThat(published).as(service + " publishes its HTTP port").contains(ports.http());
            assertThat(ports.all()).as(service + " listens on every port it publishes").containsAll(published);
        }
        assertThat(compose.ports("order-service")).containsExactly("3000:3000");
        assertThat(compose.ports("eventstore-service")).containsExactlyInAnyOrder("50051:50051", "8090:8090");
    }

    @Test
    void workersScaleOut() {
        // `docker compose up --scale payment-worker=3` needs no fixed host port and no container name.
        for (String service : compose.services().keySet()) {
            assertThat(compose.service(service)).as(service).doesNotContainKey("container_name");
            if (service.endsWith("-worker")) {
                assertThat(compose.ports(service)).as(service)
                        .allSatisfy(p -> assertThat(PublishedPort.parse(p).hostPort()).isNull());
            }
        }
    }

    @Test
    void dependenciesNameRealServicesAndConditionsTheyCanMeet() {
        List<String> problems = new ArrayList<>();
        for (String service : compose.services().keySet()) {
            compose.dependsOn(service).forEach((target, condition) -> {
                if (!compose.services().containsKey(target)) {
                    problems.add(service + " depends on the unknown service " + target);
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
                    problems.add(service + " waits for " + target + " to complete, which is not a one-shot (restart: \"no\")");
                }
            });
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void volumesAreDeclaredAndMountedFilesExist() {
        Set<String> declared = Compose.asMap(compose.root().get("volumes"), "volumes").keySet();
        Set<String> used = new HashSet<>();
        compose.services().forEach((name, value) -> {
            Object volumes = Compose.asMap(value, name).get("volumes");
            if (volumes == null) {
                return;
            }
            for (Object volume : (List<?>) volumes) {
                String source = volume.toString().split(":")[0];
                if (source.startsWith(".") || source.startsWith("/")) {
                    assertThat(Repo.file(source)).as(name + " mounts " + source).exists();
                } else {
                    assertThat(declared).as(name + " uses the volume " + source).contains(source);
                    used.add(source);
                }
            }
        });
        assertThat(used).as("declared volumes in use").containsExactlyInAnyOrderElementsOf(declared);
    }

    @Test
    void environmentValuesAreStrings() {
        // Compose refuses booleans in environment, and a YAML number (1.0) may not reach the
        // service the way it is written.
        for (String service : compose.services().keySet()) {
            compose.environment(service).forEach((k, v) ->
                    assertThat(v).as(service + " " + k).isInstanceOf(String.class));
        }
    }

    @Test
    void imagesBuildFromTheSharedDockerfileForAModuleOfTheBuild() throws Exception {
        List<String> modules = Repo.modules();
        Set<String> images = new HashSet<>();
        compose.builtServices().forEach((service, module) -> {
            Map<String, Object> build = Compose.asMap(compose.service(service).get("build"), service);
            assertThat(build.get("context")).as(service).isEqualTo(".");
            assertThat(build.get("dockerfile")).as(service).isEqualTo("docker/Dockerfile");
            assertThat(module).as(service + " MODULE").isNotNull().isIn(modules);
            assertThat(images.add(compose.service(service).get("image").toString())).as(service + " image name").isTrue();
        });
        assertThat(compose.builtServices()).containsKeys("bootstrapper", "eventstore-service", "order-service",
                "payment-worker", "review-worker", "querymodel-worker");
        assertThat(Files.isRegularFile(Repo.dockerfile())).isTrue();
    }

    private static List<String> longRunningBuiltServices() {
        return compose.builtServices().keySet().stream()
                .filter(s -> !"no".equals(compose.service(s).get("restart"))).toList();
    }

    private static List<String> healthTest(String service) {
        Map<String, Object> healthcheck = Compose.asMap(compose.service(service).get("healthcheck"), service + ".healthcheck");
        return ((List<?>) healthcheck.get("test")).stream().map(Object::toString).toList();
    }
}

package io.eventstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/compose-smoke.sh, which a user runs on a machine with Docker: no Docker here, so it is
 * checked by construction (bash -n, shellcheck), against the Compose files and the API it
 * names, and run for real against stand-ins for docker and curl that record what it asks and
 * answer as a healthy (or broken) deployment would.
 */
class SmokeScriptTest {

    private static final Path SCRIPT = Repo.file("scripts/compose-smoke.sh");
    private static final Pattern ARRAY = Pattern.compile("^(SERVICES|ONE_SHOTS)=\\(([^)]*)\\)", Pattern.MULTILINE);
    private static final Pattern ADDED = Pattern.compile("(SERVICES|ONE_SHOTS)\\+=\\(([^)]*)\\)");
    private static final String ORDER_ID = "5f0c6a52-8a3b-4bd2-9d53-1d9c0c3e2b11";

    private static final String DOCKER = """
            #!/bin/sh
            echo "docker $*" >> "$SMOKE_LOG"
            for last; do :; done
            case "$*" in
              "compose version") exit 0 ;;
              compose*" ps -a -q "*) echo "id-$last" ;;
              compose*" run "*" token "*) echo "smoke-token" ;;
              inspect*)
                case "$last" in
                  id-db-init|id-bootstrapper|id-secrets-init|id-nats-replicas)
                    if [ "$last" = "id-$STUB_FAILING" ]; then echo "exited 1"; else echo "exited 0"; fi ;;
                  *) echo healthy ;;
                esac ;;
            esac
            exit 0
            """;

    private static final String CURL = """
            #!/bin/sh
            echo "curl $*" >> "$SMOKE_LOG"
            case "$*" in
              *"-X POST"*) echo '{"order_id":"%1$s","customer_id":"smoke-customer","status":"Pending"}' ;;
              *) echo '{"order_id":"%1$s","customer_id":"smoke-customer","status":"'"$STUB_STATUS"'","status_history":[{"status":"Pending"}]}' ;;
            esac
            """.formatted(ORDER_ID);

    @TempDir
    Path temp;

    @Test
    void theScriptParsesAndPassesShellcheck() {
        assertThat(Files.isExecutable(SCRIPT)).as("executable").isTrue();
        Processes.Result syntax = Processes.run(Repo.root(), List.of("bash", "-n", SCRIPT.toString()));
        assertThat(syntax.exitCode()).as(syntax.output()).isZero();
        boolean shellcheck = Processes.run(Repo.root(), List.of("sh", "-c", "command -v shellcheck")).exitCode() == 0;
        assumeTrue(shellcheck, "shellcheck is not installed (Debian: apt-get install shellcheck)");
        Processes.Result lint = Processes.run(Repo.root(), List.of("shellcheck", SCRIPT.toString()));
        assertThat(lint.exitCode()).as(lint.output()).isZero();
    }

    @Test
    void itWaitsForRealServicesOfEachVariant() {
        String script = Repo.read(SCRIPT);
        Map<String, List<String>> base = names(ARRAY.matcher(script));
        Compose compose = ComposeVariant.DEFAULT.load();
        // Every long-running service of ours is waited for until healthy, with the health check
        // Compose has for it; the one-shots until they exit 0.
        assertThat(base.get("SERVICES")).containsAll(compose.builtServices().keySet().stream()
                .filter(s -> !"no".equals(compose.service(s).get("restart"))).toList()).contains("nats");
        assertThat(base.get("ONE_SHOTS")).containsExactlyInAnyOrder("db-init", "bootstrapper", "secrets-init");
        for (ComposeVariant variant : ComposeVariant.values()) {
            Compose merged = variant.load();
            for (String service : base.get("SERVICES")) {
                assertThat(merged.service(service).get("healthcheck")).as(variant + " " + service).isInstanceOf(Map.class);
            }
        }
        // The names the options add are services of the files they add.
        Map<String, List<String>> added = names(ADDED.matcher(script));
        Compose all = Compose.load(List.of(Repo.composeFile(), Repo.file("docker-compose.postgres.yml"),
                Repo.file("docker-compose.nats-cluster.yml")));
        added.values().stream().flatMap(List::stream)
                .forEach(s -> assertThat(all.services()).as("service " + s).containsKey(s));
        for (String file : List.of("docker-compose.postgres.yml", "docker-compose.cluster.yml", "docker-compose.nats-cluster.yml")) {
            assertThat(script).contains("-f " + file);
            assertThat(Repo.file(file)).exists();
        }
    }

    @Test
    void itTalksToTheOrderApiWhereComposePublishesIt() {
        String script = Repo.read(SCRIPT);
        assertThat(script).contains("ORDER_API=http://127.0.0.1:3000").contains("$ORDER_API/api/orders")
                .contains("$ORDER_API/api/orders/$order_id");
        assertThat(Compose.load(Repo.composeFile()).ports("order-service")).contains("3000:3000");
        assertThat(Repo.read(Repo.file("order-service/src/main/java/io/eventstream/orders/http/OrderController.java")))
                .contains("@RequestMapping(\"/api/orders\")");
        assertThat(Repo.read(Repo.file("querymodel-worker/src/main/java/io/eventstream/querymodel/projection/OrderStatus.java")))
                .contains("\"Approved\"");
        assertThat(Repo.read(Repo.file("README.md"))).contains("scripts/compose-smoke.sh");
    }

    @Test
    void anApprovedOrderPassesAndEverythingIsTakenDown() throws IOException {
        Processes.Result run = runWithStandIns(Map.of("STUB_STATUS", "Approved"), "--postgres");
        String log = Files.readString(temp.resolve("calls.log"));

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("PASS: order " + ORDER_ID + " is Approved");
        String compose = "docker compose -p eventstream-smoke -f docker-compose.yml -f docker-compose.postgres.yml ";
        assertThat(log).contains(compose + "build").contains(compose + "up -d").contains(compose + "down -v --remove-orphans")
                .contains("ps -a -q postgres").contains("ps -a -q saga-coordinator").doesNotContain("ps -a -q roach1");
        assertThat(log.indexOf(compose + "up -d")).isLessThan(log.indexOf("-X POST"));
        // The order goes with the smoke customer's token, which the bootstrapper mints with the key secrets-init made.
        assertThat(log).contains("run --rm --no-deps -T bootstrapper token smoke-customer")
                .contains("-X POST -H Authorization: Bearer smoke-token");
        assertThat(log.lastIndexOf(compose + "down -v")).isGreaterThan(log.lastIndexOf("curl"));
    }

    @Test
    void anOrderThatIsNotApprovedFailsAndIsStillTakenDown() throws IOException {
        Processes.Result run = runWithStandIns(Map.of("STUB_STATUS", "Pending", "SMOKE_ORDER_TIMEOUT", "1"),
                "--cluster", "--nats-cluster");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains("FAIL: order " + ORDER_ID + " is Pending").contains("COCKROACH_UNLICENSED=ephemeral");
        assertThat(Files.readString(temp.resolve("calls.log")))
                .contains("-f docker-compose.cluster.yml -f docker-compose.nats-cluster.yml down -v")
                .contains("ps -a -q nats-replicas").contains("logs --no-color --tail 40");
    }

    @Test
    void aFailedOneShotStopsTheWaitAtOnce() throws IOException {
        Processes.Result run = runWithStandIns(Map.of("STUB_STATUS", "Approved", "STUB_FAILING", "bootstrapper"));

        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains("bootstrapper failed (exited 1)");
        String log = Files.readString(temp.resolve("calls.log"));
        assertThat(log).doesNotContain("-X POST").contains("-f docker-compose.yml down -v");
    }

    private Processes.Result runWithStandIns(Map<String, String> settings, String... options) throws IOException {
        Path bin = Files.createDirectories(temp.resolve("bin"));
        standIn(bin.resolve("docker"), DOCKER);
        standIn(bin.resolve("curl"), CURL);
        Map<String, String> env = new HashMap<>(settings);
        env.put("PATH", bin + ":" + System.getenv("PATH"));
        env.put("SMOKE_LOG", temp.resolve("calls.log").toString());
        env.putIfAbsent("STUB_FAILING", "none");
        env.put("COCKROACH_LICENSE_KEY", "");
        List<String> command = new java.util.ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(Arrays.asList(options));
        return Processes.run(Repo.root(), command, env);
    }

    private static void standIn(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static Map<String, List<String>> names(Matcher m) {
        Map<String, List<String>> names = new HashMap<>();
        while (m.find()) {
            names.computeIfAbsent(m.group(1), k -> new java.util.ArrayList<>())
                    .addAll(Arrays.stream(m.group(2).trim().split("\\s+")).toList());
        }
        return names;
    }
}

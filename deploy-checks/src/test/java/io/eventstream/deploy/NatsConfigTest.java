package io.eventstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * docker/nats/js.conf, run by a real nats-server (the one the integration tests use) on free
 * ports and a temporary store, with the authorization that the packaged bootstrapper's
 * {@code nats-auth} writes where the configuration includes it: it must start, serve /healthz,
 * report the JetStream limits, and refuse a client without credentials.
 */
class NatsConfigTest {

    private static final Pattern VERSION = Pattern.compile("v(\\d+)\\.(\\d+)\\.");

    @Test
    void durabilitySettingsAreThoseTheReadmeDocuments() {
        String conf = Repo.read(Repo.file("docker/nats/js.conf"));
        assertThat(NatsConfig.value(conf, "sync_interval")).isEqualTo("always");
        assertThat(NatsConfig.value(conf, "max_memory_store")).isEqualTo("128MiB");
        assertThat(NatsConfig.value(conf, "max_file_store")).isEqualTo("10GiB");
        assertThat(NatsConfig.value(conf, "http_port")).isEqualTo("8222");
        assertThat(NatsConfig.value(conf, "port")).isEqualTo("4222");
    }

    @Test
    void aRealServerRunsTheConfigurationWithItsLimits(@TempDir Path tmp) throws Exception {
        String version = natsServerVersion();
        assumeTrue(version != null, "nats-server is not on the PATH");
        int client = freePort();
        int monitor = freePort();
        String conf = Repo.read(Repo.file("docker/nats/js.conf"))
                .replaceFirst("(?m)^port: 4222$", "port: " + client)
                .replaceFirst("(?m)^http_port: 8222$", "http_port: " + monitor)
                .replaceFirst("(?m)^(\\s*)store_dir: \\S+$", "$1store_dir: \"" + tmp.resolve("store") + "\"");
        if (olderThan(version, 2, 10)) {
            // sync_interval came with nats-server 2.10 (the image runs 2.11); an older local server
            // refuses the unknown field, so it checks everything else.
            conf = conf.replaceFirst("(?m)^\\s*sync_interval:.*$", "");
        }
        Path file = tmp.resolve("js.conf");
        Files.writeString(file, conf);
        // Where docker-compose.yml mounts the secrets volume: /etc/nats/secrets next to /etc/nats/js.conf.
        Processes.Result auth = Processes.run(tmp, List.of(Processes.java(), "-jar",
                ModuleJar.of("bootstrapper").path().toString(), "nats-auth", "--dir", "secrets/nats"));
        assertThat(auth.exitCode()).as(auth.output()).isZero();
        assertThat(NatsConfig.include(conf)).isEqualTo("secrets/nats/auth.conf");
        assertThat(tmp.resolve(NatsConfig.include(conf))).exists();

        Process server = new ProcessBuilder("nats-server", "--config", file.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("nats.log").toFile()).start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + monitor;
            HttpResponse<String> health = waitForHealth(http, base + "/healthz", server, tmp.resolve("nats.log"));
            assertThat(health.statusCode()).isEqualTo(200);

            JsonNode varz = JsonMapper.builder().build().readTree(get(http, base + "/varz").body());
            assertThat(varz.path("server_name").asString()).isEqualTo("nats-1");
            JsonNode jetstream = varz.path("jetstream").path("config");
            assertThat(jetstream.path("max_memory").asLong()).isEqualTo(128L << 20);
            assertThat(jetstream.path("max_storage").asLong()).isEqualTo(10L << 30);
            assertThat(jetstream.path("store_dir").asString()).startsWith(tmp.resolve("store").toString());
            assertThat(varz.path("auth_required").asBoolean()).as("authorization on").isTrue();
            assertThat(anonymousConnect(client)).contains("Authorization Violation");
        } finally {
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    /** The NATS protocol by hand (deploy-checks has no client): INFO, then CONNECT without credentials. */
    private static String anonymousConnect(int port) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            String info = in.readLine();
            assertThat(info).startsWith("INFO ").contains("\"auth_required\":true");
            socket.getOutputStream().write("CONNECT {\"verbose\":false}\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return in.readLine();
        }
    }

    private static HttpResponse<String> waitForHealth(HttpClient http, String url, Process server, Path log)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            assertThat(server.isAlive()).as("nats-server exited: " + Files.readString(log)).isTrue();
            try {
                return get(http, url);
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("nats-server did not serve " + url + ": " + Files.readString(log));
                }
                Thread.sleep(100);
            }
        }
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String natsServerVersion() {
        try {
            Processes.Result version = Processes.run(Repo.root(), List.of("nats-server", "--version"));
            return version.exitCode() == 0 ? version.output().trim() : null;
        } catch (RuntimeException notInstalled) {
            return null;
        }
    }

    static boolean olderThan(String version, int major, int minor) {
        Matcher m = VERSION.matcher(version);
        if (!m.find()) {
            return false;
        }
        int maj = Integer.parseInt(m.group(1));
        int min = Integer.parseInt(m.group(2));
        return maj < major || (maj == major && min < minor);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

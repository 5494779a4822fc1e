package io.eventstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

/**
 * The images' health check (docker/healthcheck), compiled as the Dockerfile compiles it and run
 * as a process against a real HTTP server: 2xx is healthy, anything else or no answer is not.
 */
class HealthCheckTest {

    @TempDir
    static Path classes;

    private static HttpServer server;

    @BeforeAll
    static void compileAndServe() throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "--release", "17", "-d", classes.toString(),
                Repo.file("docker/healthcheck/HealthCheck.java").toString());
        assertThat(rc).as("javac HealthCheck.java").isZero();

        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/up", exchange -> respond(exchange, 200, "{\"status\":\"UP\"}"));
        server.createContext("/down", exchange -> respond(exchange, 503, "{\"status\":\"OUT_OF_SERVICE\"}"));
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    @Test
    void healthyOnlyWhenTheServiceAnswers2xx() throws IOException {
        String base = "http://127.0.0.1:" + server.getAddress().getPort();

        assertThat(check(base + "/up").exitCode()).isZero();
        Processes.Result down = check(base + "/down");
        assertThat(down.exitCode()).isEqualTo(1);
        assertThat(down.output()).contains("503").contains("OUT_OF_SERVICE");
        assertThat(check("http://127.0.0.1:" + closedPort() + "/actuator/health/readiness").exitCode()).isEqualTo(1);
        assertThat(check().exitCode()).as("no URL").isEqualTo(2);
    }

    @Test
    void theImageRunsTheCompiledCheckUnderTheNameComposeCalls() {
        String dockerfile = Repo.read(Repo.dockerfile());
        String script = Repo.read(Repo.file("docker/healthcheck/healthcheck.sh"));
        assertThat(dockerfile).contains("javac --release 17 -d /healthcheck docker/healthcheck/HealthCheck.java")
                .contains("COPY --from=build /healthcheck /opt/healthcheck")
                .contains("COPY docker/healthcheck/healthcheck.sh /usr/local/bin/healthcheck");
        assertThat(script).startsWith("#!/bin/sh").contains("-cp /opt/healthcheck HealthCheck \"$@\"");
        // compose calls ["CMD", "healthcheck", url]; ComposeFileTest checks each URL.
    }

    private static Processes.Result check(String... url) {
        List<String> command = new java.util.ArrayList<>(List.of(Processes.java(), "-cp", classes.toString(), "HealthCheck"));
        command.addAll(List.of(url));
        return Processes.run(classes, command);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}

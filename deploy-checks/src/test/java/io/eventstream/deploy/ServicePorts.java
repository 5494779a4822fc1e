package io.eventstream.deploy;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The ports a Spring Boot service listens on in its container: server.port and, for a gRPC server,
 * spring.grpc.server.port, from its application.yml unless docker-compose.yml overrides them.
 */
record ServicePorts(int http, Integer grpc) {

    static ServicePorts of(Compose compose, String service) {
        String module = compose.builtServices().get(service);
        Map<String, Object> yml = ModuleJar.of(module).applicationProperties();
        Map<String, Object> env = compose.environment(service);
        int http = port(env.get("SERVER_PORT"), yml.get("server.port"), 8080);
        Integer grpc = yml.containsKey("spring.grpc.server.port") || env.containsKey("SPRING_GRPC_SERVER_PORT")
                ? port(env.get("SPRING_GRPC_SERVER_PORT"), yml.get("spring.grpc.server.port"), 9090)
                : null;
        return new ServicePorts(http, grpc);
    }

    Set<Integer> all() {
        Set<Integer> ports = new LinkedHashSet<>();
        ports.add(http);
        if (grpc != null) {
            ports.add(grpc);
        }
        return ports;
    }

    private static int port(Object override, Object configured, int fallback) {
        Object value = override != null ? override : configured;
        return value == null ? fallback : Integer.parseInt(value.toString());
    }
}

package io.eventstream.deploy;

import java.nio.file.Path;
import java.util.List;

/**
 * The deployments README.md documents, each one `docker compose -f ... up` command: the files,
 * in the order the command names them.
 */
enum ComposeVariant {

    DEFAULT("docker-compose.yml"),
    COCKROACH_CLUSTER("docker-compose.yml", "docker-compose.cluster.yml"),
    POSTGRES("docker-compose.yml", "docker-compose.postgres.yml"),
    NATS_CLUSTER("docker-compose.yml", "docker-compose.nats-cluster.yml"),
    COCKROACH_AND_NATS_CLUSTERS("docker-compose.yml", "docker-compose.cluster.yml", "docker-compose.nats-cluster.yml"),
    POSTGRES_AND_NATS_CLUSTER("docker-compose.yml", "docker-compose.postgres.yml", "docker-compose.nats-cluster.yml");

    private final List<String> files;

    ComposeVariant(String... files) {
        this.files = List.of(files);
    }

    List<String> files() {
        return files;
    }

    List<Path> paths() {
        return files.stream().map(Repo::file).toList();
    }

    Compose load() {
        return Compose.load(paths());
    }

    boolean has(String file) {
        return files.contains(file);
    }
}

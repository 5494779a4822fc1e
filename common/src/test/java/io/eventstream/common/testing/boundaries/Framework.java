package io.eventstream.common.testing.boundaries;

import java.util.Arrays;
import java.util.List;

/**
 * The technologies a decision (order state, money, review and saga rules) must not know: the
 * adapters around it speak them, so a rule can be read, tested and changed without any of them.
 */
public enum Framework {

    SPRING("org.springframework.."),
    NATS("io.nats.."),
    /** gRPC and the messages generated from the event store's proto (the wire, not the rules). */
    GRPC("io.grpc..", "com.google.protobuf..", "io.eventstream.proto.."),
    JDBC("java.sql..", "javax.sql..", "org.postgresql..", "com.zaxxer.hikari.."),
    /** Jackson 3 ({@code tools.jackson}, Boot 4's) and 2 (its annotations still live there). */
    JACKSON("tools.jackson..", "com.fasterxml.jackson..");

    private final List<String> packages;

    Framework(String... packages) {
        this.packages = List.of(packages);
    }

    /** The package patterns of all of {@code frameworks}, for a rule of a service's own. */
    public static String[] packagesOf(Framework... frameworks) {
        return Arrays.stream(frameworks).flatMap(f -> f.packages.stream()).toArray(String[]::new);
    }

    /** ArchUnit package patterns ({@code ..} = and every package below). */
    public List<String> packages() {
        return packages;
    }
}

package io.eventstream.bootstrapper;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A {@code jdbc:postgresql://host[:port][,host2...]/database[?params]} URL taken apart, so
 * the same server can be addressed with another database (the admin connects to
 * {@code postgres}, the migrations to each service database).
 */
public record JdbcUrl(String hosts, String database, Map<String, String> parameters) {

    private static final String PREFIX = "jdbc:postgresql://";

    public static JdbcUrl parse(String url) {
        if (url == null || !url.startsWith(PREFIX)) {
            throw new UsageException("database URL must start with " + PREFIX + " (got '" + url + "')");
        }
        String rest = url.substring(PREFIX.length());
        String query = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        int slash = rest.indexOf('/');
        String hosts = slash >= 0 ? rest.substring(0, slash) : rest;
        String database = slash >= 0 ? rest.substring(slash + 1) : "";
        if (hosts.isEmpty()) {
            throw new UsageException("database URL has no host: '" + url + "'");
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            parameters.put(eq >= 0 ? pair.substring(0, eq) : pair, eq >= 0 ? pair.substring(eq + 1) : "");
        }
        return new JdbcUrl(hosts, database.isEmpty() ? "postgres" : database, Collections.unmodifiableMap(parameters));
    }

    public JdbcUrl withDatabase(String name) {
        return new JdbcUrl(hosts, name, parameters);
    }

    /** Adds the parameter unless the URL already sets it: the user's URL wins. */
    public JdbcUrl withDefault(String name, String value) {
        if (parameters.containsKey(name)) {
            return this;
        }
        Map<String, String> copy = new LinkedHashMap<>(parameters);
        copy.put(name, value);
        return new JdbcUrl(hosts, database, Collections.unmodifiableMap(copy));
    }

    public String url() {
        String query = parameters.entrySet().stream()
                .map(e -> e.getValue().isEmpty() ? e.getKey() : e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("&"));
        return PREFIX + hosts + "/" + database + (query.isEmpty() ? "" : "?" + query);
    }

    /** host:port for messages (5432 when the URL names no port). */
    public String server() {
        return hosts.contains(":") || hosts.contains(",") ? hosts : hosts + ":5432";
    }

    /** Without parameters: they may carry a password. */
    @Override
    public String toString() {
        return PREFIX + hosts + "/" + database;
    }
}

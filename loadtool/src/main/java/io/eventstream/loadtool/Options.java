package io.eventstream.loadtool;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code --name value} and {@code --flag} arguments, with defaults that fit a local {@code ./suite up}. */
public final class Options {

    static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

    static {
        DEFAULTS.put("mode", "orders");
        DEFAULTS.put("orders", "2000");
        DEFAULTS.put("concurrency", "16");
        DEFAULTS.put("rate", "");
        DEFAULTS.put("warmup", "300");
        DEFAULTS.put("drain", "60");
        DEFAULTS.put("api", "http://127.0.0.1:3000");
        // Signs each customer's bearer token (./suite up's key; docs/security.md#http).
        DEFAULTS.put("token-key", ".suite/secrets/jwt/private.pem");
        DEFAULTS.put("nats", "nats://127.0.0.1:4222");
        DEFAULTS.put("nats-nkey", "");
        DEFAULTS.put("stream", "ORDERS");
        DEFAULTS.put("eventstore", "127.0.0.1:50051");
        // gRPC to the event store is mutual TLS as identity 'loadtool' (its access: append <bench-stream>.appended).
        DEFAULTS.put("tls", env("EVENTSTREAM_TLS_ENABLED", "true"));
        DEFAULTS.put("tls-dir", env("EVENTSTREAM_TLS_DIR", ".suite/secrets/pki"));
        DEFAULTS.put("actuator", "http://127.0.0.1:8090");
        DEFAULTS.put("pg", "jdbc:postgresql://127.0.0.1:5432/");
        DEFAULTS.put("pg-user", "postgres");
        DEFAULTS.put("pg-password", "");
        DEFAULTS.put("eventstore-db", "eventstoredb");
        DEFAULTS.put("orders-db", "ordersdb");
        DEFAULTS.put("terminal", "approved,rejected,cancelled");
        DEFAULTS.put("poll-ms", "10");
        DEFAULTS.put("levels", "1,16,64");
        DEFAULTS.put("seconds", "10");
        DEFAULTS.put("bench-stream", "LOADTOOL");
        DEFAULTS.put("pgbench-clients", "8");
        DEFAULTS.put("out", "results");
        DEFAULTS.put("label", "");
        DEFAULTS.put("events", "1000000");
        DEFAULTS.put("store-pid", "");
        DEFAULTS.put("identity", "querymodel-worker");
        DEFAULTS.put("runs", "3");
        DEFAULTS.put("reader-executor", "default");
    }

    private final Map<String, String> values = new HashMap<>(DEFAULTS);

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    public static Options parse(String... args) {
        Options options = new Options();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + arg + " (try --help)");
            }
            String name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (name.equals("help")) {
                value = "true";
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
            if (!DEFAULTS.containsKey(name) && !name.equals("help")) {
                throw new IllegalArgumentException("unknown option --" + name + " (try --help)");
            }
            options.values.put(name, value);
        }
        return options;
    }

    public String get(String name) {
        return values.getOrDefault(name, "");
    }

    public int integer(String name) {
        return Integer.parseInt(get(name).trim());
    }

    public boolean has(String name) {
        return !get(name).isBlank();
    }

    /** {@code --rate 300/s} or {@code --rate 300}: orders per second; 0 when not given (closed loop). */
    public double rate() {
        String rate = get("rate").trim();
        if (rate.isEmpty()) {
            return 0;
        }
        if (rate.endsWith("/s")) {
            rate = rate.substring(0, rate.length() - 2);
        }
        double value = Double.parseDouble(rate);
        if (value <= 0) {
            throw new IllegalArgumentException("--rate must be positive");
        }
        return value;
    }

    public Map<String, String> all() {
        return new LinkedHashMap<>(values);
    }
}

package io.eventstream.loadtool.infra;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the event store's own commit-to-publish lag ({@code eventstore.outbox.lag}: commit to
 * JetStream's ack) from its actuator. Its percentiles cover Micrometer's rolling window (about
 * the last two minutes), so read them right after the load.
 */
public final class Actuator {

    private static final Pattern VALUE = Pattern.compile("\"statistic\":\"(\\w+)\",\"value\":([0-9.eE+-]+)");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String base;

    public Actuator(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** p50/p95/p99/max in ms and the count of published events; empty when the actuator cannot be read. */
    public Map<String, Double> outboxLag() {
        Map<String, Double> lag = new LinkedHashMap<>();
        try {
            for (String[] phi : new String[][] {{"0.5", "p50_ms"}, {"0.95", "p95_ms"}, {"0.99", "p99_ms"}}) {
                Map<String, Double> m = read("/actuator/metrics/eventstore.outbox.lag.percentile?tag=phi:" + phi[0]);
                if (m.containsKey("VALUE")) {
                    lag.put(phi[1], round(m.get("VALUE") * 1000));
                }
            }
            Map<String, Double> timer = read("/actuator/metrics/eventstore.outbox.lag");
            if (timer.containsKey("MAX")) {
                lag.put("max_ms", round(timer.get("MAX") * 1000));
            }
            if (timer.containsKey("COUNT")) {
                lag.put("count", timer.get("COUNT"));
            }
        } catch (Exception e) {
            System.err.println("loadtool: cannot read the event store's lag metric at " + base + ": " + e);
        }
        return lag;
    }

    private Map<String, Double> read(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        Map<String, Double> values = new LinkedHashMap<>();
        if (response.statusCode() != 200) {
            return values;
        }
        Matcher m = VALUE.matcher(response.body());
        while (m.find()) {
            values.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return values;
    }

    private static double round(double ms) {
        return Math.round(ms * 100.0) / 100.0;
    }
}

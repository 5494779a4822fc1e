package io.eventstream.loadtool.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the numbers were measured on: they mean little without it. */
public final class Machine {

    public static Map<String, Object> describe(String jdbcBase, String user, String password, String natsVersion) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpus", Runtime.getRuntime().availableProcessors());
        m.put("memory_gib", memoryGib());
        m.put("load_average", loadAverage());
        m.put("java", System.getProperty("java.version"));
        m.put("postgresql", postgresVersion(jdbcBase, user, password));
        m.put("nats_server", natsVersion);
        return m;
    }

    /** The 1-minute load average: above the CPU count, something else competed for the machine. */
    public static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static double memoryGib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kib = Long.parseLong(line.replaceAll("\\D", ""));
                    return Math.round(kib / 1024.0 / 1024.0 * 10) / 10.0;
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return 0;
    }

    private static String postgresVersion(String jdbcBase, String user, String password) {
        try (Connection db = DriverManager.getConnection(jdbcBase + "postgres", user, password);
             ResultSet rs = db.createStatement().executeQuery("SHOW server_version")) {
            return rs.next() ? rs.getString(1) : "unknown";
        } catch (Exception e) {
            return "unknown";
        }
    }

    private Machine() {
    }
}

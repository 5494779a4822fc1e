package io.eventstream.loadtool.report;

import io.eventstream.loadtool.stats.Timeline;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Writes a run's files: results/<stamp>-<kind>.json, .svg, and a row of results/results.md. */
public final class ResultFiles {

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final Path dir;

    public ResultFiles(Path dir) {
        this.dir = dir;
    }

    public static String stamp(Instant at) {
        return STAMP.format(at);
    }

    public Path writeJson(String name, Map<String, Object> result) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(name + ".json");
        Files.writeString(file, JSON.writeValueAsString(result) + "\n", StandardCharsets.UTF_8);
        return file;
    }

    public Path writeChart(String name, String title, List<Timeline.Second> seconds) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(name + ".svg");
        Files.writeString(file, SvgChart.render(title, seconds), StandardCharsets.UTF_8);
        return file;
    }

    public Path appendRows(List<TableRow> rows) throws IOException {
        Files.createDirectories(dir);
        Path table = dir.resolve("results.md");
        StringBuilder text = new StringBuilder();
        if (!Files.exists(table)) {
            text.append("# Load tool results\n\nOne row per run (or per level of an event store run), appended by "
                    + "`loadtool`; see BENCHMARKS.md.\n\n").append(TableRow.HEADER);
        }
        for (TableRow row : rows) {
            text.append(row.markdown());
        }
        Files.writeString(table, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return table;
    }
}

package io.eventstream.loadtool.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.loadtool.stats.Timeline;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ResultFilesTest {

    @TempDir
    Path dir;

    private static TableRow row(String label) {
        return new TableRow("2026-01-01T00:00:00", "orders", label, "100 orders, 16 clients", "500 accepted/s",
                "POST 1/2/3/4", "10/20/30", "consumer 1/2", "ok", "1.0", "x.json");
    }

    @Test
    void theTableGetsItsHeaderOnceAndOneRowPerRun() throws Exception {
        ResultFiles files = new ResultFiles(dir);
        files.appendRows(List.of(row("first")));
        files.appendRows(List.of(row("second | with a pipe")));
        List<String> lines = Files.readAllLines(dir.resolve("results.md"));
        assertThat(lines.stream().filter(l -> l.startsWith("| when"))).hasSize(1);
        assertThat(lines.stream().filter(l -> l.startsWith("| 2026"))).hasSize(2);
        String last = lines.get(lines.size() - 1);
        assertThat(last).contains("second \\| with a pipe");
        // every row has as many cells as the header
        assertThat(last.split("(?<!\\\\)\\|").length).isEqualTo(lines.get(4).split("\\|").length);
    }

    @Test
    void writesTheResultAsJson() throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("kind", "orders");
        result.put("timeline", List.of(new Timeline.Second(0, 5, 4, 1.5, 2.5, 10, 20)));
        Path file = new ResultFiles(dir).writeJson("run", result);
        JsonNode json = JsonMapper.builder().build().readTree(Files.readString(file));
        assertThat(json.get("kind").asString()).isEqualTo("orders");
        assertThat(json.get("timeline").get(0).get("accepted").asLong()).isEqualTo(5);
    }

    @Test
    void theChartIsWellFormedSvgWithALinePerSeries() throws Exception {
        List<Timeline.Second> seconds = List.of(
                new Timeline.Second(0, 100, 0, 2, 8, 0, 0),
                new Timeline.Second(1, 480, 300, 3, 12, 80, 400),
                new Timeline.Second(2, 0, 0, 0, 0, 0, 0),
                new Timeline.Second(3, 500, 520, 3, 11, 70, 350));
        Path file = new ResultFiles(dir).writeChart("run", "a <title> & more", seconds);
        String svg = Files.readString(file);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(svg).contains("a &lt;title&gt; &amp; more");
        // two throughput lines; four latency series, each broken in two by the quiet second 2 (no latency there)
        assertThat(doc.getElementsByTagName("polyline").getLength()).isEqualTo(2 + 4 * 2);
    }

    @Test
    void theRateAxisEndsAtARoundNumber() {
        assertThat(SvgChart.niceCeiling(480)).isEqualTo(500);
        assertThat(SvgChart.niceCeiling(1200)).isEqualTo(2000);
        assertThat(SvgChart.niceCeiling(21)).isEqualTo(25);
        assertThat(SvgChart.niceCeiling(1)).isEqualTo(1);
    }
}

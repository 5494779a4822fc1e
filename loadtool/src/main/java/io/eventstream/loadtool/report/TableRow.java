package io.eventstream.loadtool.report;

/** One line of results/results.md; every cell is already formatted. */
public record TableRow(String when, String kind, String label, String setup, String throughput, String latency,
                       String endToEnd, String lag, String correctness, String load, String file) {

    static final String HEADER = """
            | when (UTC) | kind | label | setup | throughput | latency p50/p95/p99/max ms | end-to-end p50/p95/p99 ms | lag p50/p99 ms | correctness | load avg | result |
            |---|---|---|---|---|---|---|---|---|---|---|
            """;

    String markdown() {
        return "| " + String.join(" | ", cell(when), cell(kind), cell(label), cell(setup), cell(throughput),
                cell(latency), cell(endToEnd), cell(lag), cell(correctness), cell(load), cell(file)) + " |\n";
    }

    private static String cell(String s) {
        return s == null || s.isBlank() ? "-" : s.replace("|", "\\|").replace("\n", " ");
    }
}

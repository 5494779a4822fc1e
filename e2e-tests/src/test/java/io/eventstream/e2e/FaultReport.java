package io.eventstream.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The fault suite's table, scenario by scenario, in Markdown: printed, and written to a file. */
final class FaultReport {

    private static final List<String> CHECKS = List.of("clients", "fault", "settled", "terminal", "once", "stream",
            "read model", "money", "DLQ", "deadline");

    private FaultReport() {
    }

    static String render(String title, List<String> about, List<FaultSuite.Result> results) {
        StringBuilder md = new StringBuilder("## ").append(title).append("\n\n");
        about.forEach(line -> md.append(line).append("  \n"));
        md.append('\n');
        List<String> header = new ArrayList<>(List.of("#", "scenario", "accepted", "POST failures", "longest gap",
                "recovery", "held", "drain"));
        header.addAll(CHECKS);
        md.append(row(header)).append(row(header.stream().map(h -> "---").toList()));
        int n = 0;
        for (FaultSuite.Result r : results) {
            List<String> cells = new ArrayList<>(List.of(Integer.toString(++n), r.scenario().title(),
                    Integer.toString(r.window().accepted.get()), r.window().failureSummary(),
                    FaultSuite.seconds(r.window().longestGap()),
                    r.recovery() == null ? "—" : FaultSuite.seconds(r.recovery()),
                    r.held() == null ? "—" : FaultSuite.seconds(r.held()) + " (" + FaultSuite.seconds(r.heldAfterReady())
                            + " after ready)", FaultSuite.seconds(r.drain())));
            for (String name : CHECKS) {
                cells.add(r.checks().stream().filter(c -> c.name().equals(name)).findFirst()
                        .map(c -> c.passed() ? "PASS" : "**FAIL**").orElse("—"));
            }
            md.append(row(cells));
        }
        md.append("\nDetails:\n\n");
        n = 0;
        for (FaultSuite.Result r : results) {
            md.append(++n).append(". **").append(r.scenario().title()).append("** (").append(r.scenario().description)
                    .append(")\n");
            for (Check c : r.checks()) {
                md.append("   - ").append(c.passed() ? "PASS" : "**FAIL**").append(' ').append(c.name()).append(": ")
                        .append(escape(c.detail())).append('\n');
            }
        }
        long failed = results.stream().filter(r -> !r.passed()).count();
        md.append('\n').append(failed == 0 ? "Every check passed in every scenario."
                : failed + " scenario(s) with a failed check.").append('\n');
        return md.toString();
    }

    static Path write(Path file, String markdown) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, markdown);
        return file;
    }

    static String duration(Duration d) {
        long s = d.toSeconds();
        return s >= 60 ? (s / 60) + " min " + (s % 60) + " s" : s + " s";
    }

    private static String row(List<String> cells) {
        return cells.stream().map(FaultReport::escape).collect(Collectors.joining(" | ", "| ", " |\n"));
    }

    private static String escape(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}

package io.eventstream.e2e;

import java.util.ArrayList;
import java.util.List;

/**
 * The bad-input suite's rows and their printed table. The HTTP and the gRPC cases both add to
 * it and {@link BadInputTest} judges it as a whole, so that every case runs and is printed even
 * when an earlier one fails: the table shows all that is wrong at once, not the first thing.
 */
final class BadInputTable {

    /** One line of the printed table. */
    record Row(String kind, String name, String expected, String observed, boolean ok) {
    }

    private final List<Row> rows = new ArrayList<>();

    void add(String kind, String name, String expected, String observed, boolean ok) {
        rows.add(new Row(kind, name, expected, observed, ok));
    }

    List<Row> rows() {
        return rows;
    }

    /** So that each case stays one line of the table, however long or many-lined its answer. */
    static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() > 90 ? oneLine.substring(0, 87) + "..." : oneLine;
    }

    void print() {
        StringBuilder out = new StringBuilder("\nBad-input suite: ").append(rows.size()).append(" cases\n");
        out.append(String.format("| %-4s | %-48s | %-22s | %-4s | %s%n", "kind", "case", "expected", "pass", "observed"));
        for (Row r : rows) {
            out.append(String.format("| %-4s | %-48s | %-22s | %-4s | %s%n", r.kind(), r.name(), r.expected(),
                    r.ok() ? "yes" : "NO", r.observed().replace("|", "\\|")));
        }
        System.out.println(out);
    }
}

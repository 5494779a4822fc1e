package io.eventstream.bootstrapper;

import java.util.Arrays;
import java.util.List;

/** What a bootstrapper run printed and returned. */
record RunResult(int exitCode, String out, String err) {

    List<String> outLines() {
        return lines(out);
    }

    List<String> errLines() {
        return lines(err);
    }

    private static List<String> lines(String text) {
        return text.isEmpty() ? List.of() : Arrays.asList(text.split("\\R"));
    }
}

package io.eventstream.e2e;

import java.util.Collection;
import java.util.stream.Collectors;

/** The outcome of one invariant check: passed or not, and a short detail for the report. */
record Check(String name, boolean passed, String detail) {

    static Check pass(String name, String detail) {
        return new Check(name, true, detail);
    }

    static Check fail(String name, String detail) {
        return new Check(name, false, detail);
    }

    /** Passes when {@code problems} is empty, else fails naming the first few (and how many there are). */
    static Check of(String name, Collection<String> problems, String whenPassed) {
        if (problems.isEmpty()) {
            return pass(name, whenPassed);
        }
        String some = problems.stream().limit(3).collect(Collectors.joining("; "));
        return fail(name, problems.size() + " problem(s): " + some + (problems.size() > 3 ? "; ..." : ""));
    }

    /** For JUnit tests that assert an invariant. */
    void assertPassed() {
        if (!passed) {
            throw new AssertionError(name + ": " + detail);
        }
    }

    @Override
    public String toString() {
        return (passed ? "PASS" : "FAIL") + " " + name + ": " + detail;
    }
}

package io.eventstream.review.approval;

/** The review's decision: approved, or rejected with the reason. */
public record Verdict(boolean approved, String reason) {

    public static Verdict approve() {
        return new Verdict(true, null);
    }

    public static Verdict reject(String reason) {
        return new Verdict(false, reason);
    }
}

package io.eventstream.bootstrapper;

/** Turns an exception into the single line a user reads: the innermost message, no stack trace. */
final class Messages {

    private Messages() {
    }

    static String of(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = firstLine(root.getMessage());
        if (message.isEmpty()) {
            message = firstLine(error.getMessage());
        }
        return message.isEmpty() ? root.getClass().getSimpleName() : message;
    }

    static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        for (String line : text.split("\\R")) {
            if (!line.isBlank()) {
                return line.strip();
            }
        }
        return "";
    }
}

package io.eventstream.common.consumer;

/**
 * A setting whose value means nothing, e.g. an unknown start policy. A {@link ConflictingSettingsException}
 * so that it gets the same one-line "APPLICATION FAILED TO START" report
 * ({@link ConflictingSettingsFailureAnalyzer}) instead of starting with a guess.
 */
public class InvalidSettingException extends ConflictingSettingsException {

    public InvalidSettingException(String message) {
        super(message);
    }
}

package io.eventstream.common.consumer;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@link ConflictingSettingsException} at start into Spring Boot's short "APPLICATION
 * FAILED TO START" report (the one line, no stack trace). Registered in META-INF/spring.factories.
 */
public class ConflictingSettingsFailureAnalyzer extends AbstractFailureAnalyzer<ConflictingSettingsException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ConflictingSettingsException cause) {
        return new FailureAnalysis(cause.getMessage(), "Change one of the settings named above.", cause);
    }
}

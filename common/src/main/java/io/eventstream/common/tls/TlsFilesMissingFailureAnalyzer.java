package io.eventstream.common.tls;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** One line naming the missing file and the command that creates it, instead of a stack trace. */
public class TlsFilesMissingFailureAnalyzer extends AbstractFailureAnalyzer<TlsFilesMissingException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, TlsFilesMissingException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Create the files with the command above, point EVENTSTREAM_TLS_DIR at them, "
                        + "or (only for a comparison run) set EVENTSTREAM_TLS_ENABLED=false.", null);
    }
}

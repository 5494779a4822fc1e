package io.eventstream.orders.http;

import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** RFC 9457 problem bodies shared by the exception handler and the body size filter. */
final class Problems {

    private Problems() {
    }

    static ProblemDetail of(HttpStatus status, String title, String detail, String instance) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        if (instance != null) {
            problem.setInstance(URI.create(instance));
        }
        return problem;
    }

    static ProblemDetail invalid(List<FieldError> errors, String instance) {
        ProblemDetail problem = of(HttpStatus.BAD_REQUEST, "Invalid request",
                errors.size() == 1 ? "1 field is invalid" : errors.size() + " fields are invalid", instance);
        problem.setProperty("errors", errors);
        return problem;
    }
}

package io.eventstream.common.httpauth;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * {@link NotYoursException} to a 403 problem, counted; before the services' own handlers (whose
 * catch-all would make it a 500). The same answer whoever owns it: nothing about the owner leaks.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class NotYoursAdvice {

    private final HttpRefusals refusals;

    NotYoursAdvice(HttpRefusals refusals) {
        this.refusals = refusals;
    }

    @ExceptionHandler(NotYoursException.class)
    ResponseEntity<ProblemDetail> notYours(NotYoursException e, HttpServletRequest request) {
        refusals.count("other-customer");
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN,
                "The token's customer may not see or change this");
        problem.setTitle("Forbidden");
        problem.setInstance(URI.create(request.getRequestURI()));
        return ResponseEntity.status(HttpStatus.FORBIDDEN).body(problem);
    }
}

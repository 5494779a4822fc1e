package io.eventstream.orders.http;

import io.eventstream.common.eventstore.EventStoreException;
import io.eventstream.orders.cancel.OrderNotCancellableException;
import io.eventstream.orders.cancel.UnknownOrderException;
import io.eventstream.orders.config.OrderServiceProperties;
import io.eventstream.orders.order.EventStoreUnavailableException;
import io.eventstream.orders.placing.IdempotencyKeyReusedException;
import io.eventstream.orders.placing.OrderIdConflictException;
import io.eventstream.orders.query.UnreadableHistoryException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

/**
 * Every error answers an RFC 9457 problem (application/problem+json). Spring's own
 * errors (415, 405, 404 of unknown paths...) come from the base class; these are ours.
 * Problem details never echo request content or internal messages.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);
    /** SQLSTATE of a column or table that is not there (PostgreSQL and CockroachDB alike). */
    private static final String UNDEFINED_COLUMN = "42703";
    private static final String UNDEFINED_TABLE = "42P01";

    private final OrderServiceProperties props;

    public ProblemHandler(OrderServiceProperties props) {
        this.props = props;
    }

    @ExceptionHandler(InvalidRequestException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidRequestException e, HttpServletRequest request) {
        return ResponseEntity.badRequest().body(Problems.invalid(e.errors(), request.getRequestURI()));
    }

    @ExceptionHandler(OrderNotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(OrderNotFoundException e, HttpServletRequest request) {
        return problem(HttpStatus.NOT_FOUND, "Order not found",
                "No such order, or it is not in the read model yet", request);
    }

    @ExceptionHandler(UnknownOrderException.class)
    ResponseEntity<ProblemDetail> unknownOrder(UnknownOrderException e, HttpServletRequest request) {
        return problem(HttpStatus.NOT_FOUND, "Order not found", "No such order", request);
    }

    @ExceptionHandler(OrderNotCancellableException.class)
    ResponseEntity<ProblemDetail> notCancellable(OrderNotCancellableException e, HttpServletRequest request) {
        ProblemDetail body = Problems.of(HttpStatus.CONFLICT, "Order cannot be cancelled",
                "The order is " + e.status() + " already", request.getRequestURI());
        body.setProperty("status_of_order", e.status());
        return ResponseEntity.status(HttpStatus.CONFLICT).body(body);
    }

    @ExceptionHandler(IdempotencyKeyReusedException.class)
    ResponseEntity<ProblemDetail> keyReused(IdempotencyKeyReusedException e, HttpServletRequest request) {
        return problem(HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency-Key reused with a different request",
                "This Idempotency-Key already placed an order with other content; use a new key for a new order",
                request);
    }

    @ExceptionHandler(OrderIdConflictException.class)
    ResponseEntity<ProblemDetail> conflict(OrderIdConflictException e, HttpServletRequest request) {
        log.error("{}", e.getMessage());
        return problem(HttpStatus.CONFLICT, "Order id conflict", "The order id is already in use", request);
    }

    @ExceptionHandler(EventStoreUnavailableException.class)
    ResponseEntity<ProblemDetail> storeUnavailable(EventStoreUnavailableException e, HttpServletRequest request) {
        log.warn("event store unavailable: {}", e.getMessage());
        return unavailable("The event store is unavailable; nothing was stored, try again later", request);
    }

    /** Not 503: the store answers the same on every try (the original's, for an approved order). */
    @ExceptionHandler(UnreadableHistoryException.class)
    ResponseEntity<ProblemDetail> historyUnreadable(UnreadableHistoryException e, HttpServletRequest request) {
        log.warn("{}", e.getMessage());
        ProblemDetail body = Problems.of(HttpStatus.BAD_GATEWAY, "Order events unreadable",
                "The event store cannot read this order's events (it answered INTERNAL, the same on every try);"
                        + " the original's event store does so for every order whose approved event has no body."
                        + " GET /api/orders/" + e.orderId() + " shows the order from the read model",
                request.getRequestURI());
        body.setProperty("store_status", "INTERNAL");
        return ResponseEntity.status(HttpStatus.BAD_GATEWAY).body(body);
    }

    @ExceptionHandler(EventStoreException.class)
    ResponseEntity<ProblemDetail> storeFailed(EventStoreException e, HttpServletRequest request) {
        if (e.isTransient()) {
            log.warn("event store unavailable: {}", e.code());
            return unavailable("The event store is unavailable, try again later", request);
        }
        log.error("event store refused a call: {} {}", e.code(), e.getMessage());
        return problem(HttpStatus.BAD_GATEWAY, "Event store error", "The event store refused the request", request);
    }

    @ExceptionHandler({DataAccessResourceFailureException.class, TransientDataAccessException.class,
            CannotCreateTransactionException.class})
    ResponseEntity<ProblemDetail> databaseUnavailable(RuntimeException e, HttpServletRequest request) {
        log.warn("read model unavailable: {}", e.getMessage());
        return unavailable("The order database is unavailable, try again later", request);
    }

    /**
     * The read model's tables are not ours: the original's ordersdb (no {@code reason}, no
     * history table) that the bootstrapper has not adopted yet. Not a 500: a clear 503 that
     * names the fix, and an error in the log for the operator.
     */
    @ExceptionHandler(BadSqlGrammarException.class)
    ResponseEntity<ProblemDetail> readModelNotMigrated(BadSqlGrammarException e, HttpServletRequest request) {
        String state = e.getSQLException() == null ? null : e.getSQLException().getSQLState();
        if (!UNDEFINED_COLUMN.equals(state) && !UNDEFINED_TABLE.equals(state)) {
            return unexpected(e, request);
        }
        log.error("the order database is not migrated to this service's schema (run the bootstrapper, which adopts"
                + " the original's ordersdb): {}", e.getSQLException().getMessage());
        return unavailable("The order database has not been migrated to this service's schema; the operator runs"
                + " the bootstrapper (it adopts the original's ordersdb)", request);
    }

    /** Anything else; Spring MVC's own exceptions match the base class's more specific handler first. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        log.error("unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error", "The request failed unexpectedly",
                request);
    }

    /** Malformed JSON: say where, never what (the body may hold anything). */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        String message = "must be well-formed JSON";
        Throwable cause = ex.getMostSpecificCause();
        if (cause instanceof JacksonException jackson && jackson.getLocation() != null
                && jackson.getLocation().getLineNr() > 0) {
            message += " (error at line " + jackson.getLocation().getLineNr() + ", column "
                    + jackson.getLocation().getColumnNr() + ")";
        } else if (ex.getMessage() != null && ex.getMessage().startsWith("Required request body is missing")) {
            message = "is required";
        }
        ProblemDetail problem = Problems.invalid(List.of(new FieldError("body", message)), path(request));
        problem.setTitle("Malformed request body");
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    private ResponseEntity<ProblemDetail> unavailable(String detail, HttpServletRequest request) {
        ProblemDetail body = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable", detail,
                request.getRequestURI());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(props.retryAfterSeconds()))
                .body(body);
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail,
                                                         HttpServletRequest request) {
        return ResponseEntity.status(status).body(Problems.of(status, title, detail, request.getRequestURI()));
    }

    private static String path(WebRequest request) {
        String description = request.getDescription(false);
        return description.startsWith("uri=") ? description.substring(4) : null;
    }
}

package io.eventstream.orders.hourly;

import io.eventstream.orders.http.FieldError;
import io.eventstream.orders.http.InvalidRequestException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Orders and revenue per restaurant per hour, from the read model's {@code restaurant_hourly}
 * (querymodel-worker keeps it live; {@code --rebuild} back-fills it from the log).
 */
@RestController
public class RestaurantHourlyController {

    /** 31 days: a month of hours, one answer of at most 744 rows. */
    static final long MAX_HOURS = 744;
    static final Duration DEFAULT_RANGE = Duration.ofHours(24);
    /** As order-service accepts a restaurant_id when an order is placed. */
    static final int MAX_ID_LENGTH = 200;

    private final RestaurantHourlyReadModel readModel;
    private final Clock clock;

    public RestaurantHourlyController(RestaurantHourlyReadModel readModel, Clock clock) {
        this.readModel = readModel;
        this.clock = clock;
    }

    /**
     * The restaurant's hours from {@code from} (rounded down to its hour) up to, not including,
     * {@code to}; by default the last 24 hours up to the end of the current one. Every hour of the
     * range is in the answer, those without orders as zeros.
     */
    @GetMapping("/api/restaurants/{id}/hourly")
    public RestaurantHoursJson hourly(@PathVariable String id,
                                      @RequestParam(name = "from", required = false) String from,
                                      @RequestParam(name = "to", required = false) String to) {
        List<FieldError> errors = new ArrayList<>();
        if (id.isBlank() || id.length() > MAX_ID_LENGTH) {
            errors.add(new FieldError("id", "must be a restaurant id of 1 to " + MAX_ID_LENGTH + " characters"));
        }
        Instant end = to == null ? clock.instant().truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS)
                : instant("to", to, errors);
        Instant start = from == null ? (end == null ? null : end.minus(DEFAULT_RANGE)) : instant("from", from, errors);
        if (start != null && end != null) {
            if (!start.isBefore(end)) {
                errors.add(new FieldError("from", "must be before to"));
            } else if (RestaurantHours.hoursBetween(start, end) > MAX_HOURS) {
                errors.add(new FieldError("to", "must be at most " + MAX_HOURS + " hours after from"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return RestaurantHoursJson.from(readModel.hours(id, start, end));
    }

    /** RFC 3339 with an offset ({@code 2026-11-28T04:00:00Z}; a '+' in a URL is %2B). */
    private static Instant instant(String field, String value, List<FieldError> errors) {
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be an RFC 3339 timestamp with an offset, e.g. 2026-11-28T04:00:00Z"));
            return null;
        }
    }
}

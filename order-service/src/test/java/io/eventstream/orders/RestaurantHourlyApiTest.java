package io.eventstream.orders;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.common.testing.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/restaurants/{id}/hourly} over real HTTP from a real PostgreSQL read model whose
 * restaurant_hourly rows are written here as querymodel-worker writes them.
 */
class RestaurantHourlyApiTest extends OrderApiFixture {

    static final Instant T10 = Instant.parse("2024-05-01T10:00:00Z");

    @Test
    void everyHourOfTheRangeWithItsOrdersApprovalsAndRevenue() {
        String r = restaurant();
        DB.insertHour(r, T10, 3, 2, "31.50");
        DB.insertHour(r, T10.plus(2, ChronoUnit.HOURS), 1, 1, "10.25");
        DB.insertHour(r, T10.plus(3, ChronoUnit.HOURS), 7, 7, "70.00");   // at "to": not in the range
        DB.insertHour(r + "-other", T10, 9, 9, "99.00");                    // another restaurant

        Http.Response response = new Http(port).get("/api/restaurants/" + r
                + "/hourly?from=2024-05-01T10:30:00Z&to=2024-05-01T13:00:00Z");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        JsonNode body = response.json();
        assertThat(body.get("restaurant_id").stringValue()).isEqualTo(r);
        assertThat(body.get("from").stringValue()).isEqualTo("2024-05-01T10:30:00Z");
        assertThat(body.get("to").stringValue()).isEqualTo("2024-05-01T13:00:00Z");
        assertThat(body.get("orders").asLong()).isEqualTo(4);
        assertThat(body.get("approved").asLong()).isEqualTo(3);
        assertThat(body.get("revenue").decimalValue()).isEqualByComparingTo("41.75");
        assertThat(hours(body)).containsExactly(
                "2024-05-01T10:00:00Z orders=3 approved=2 revenue=31.5",
                "2024-05-01T11:00:00Z orders=0 approved=0 revenue=0",
                "2024-05-01T12:00:00Z orders=1 approved=1 revenue=10.25");
    }

    @Test
    void timesWithAnOffsetMeanTheSameInstants() {
        String r = restaurant();
        DB.insertHour(r, T10, 2, 1, "5.00");

        JsonNode body = new Http(port).get("/api/restaurants/" + r
                + "/hourly?from=2024-05-01T12:00:00%2B02:00&to=2024-05-01T13:00:00%2B02:00").json();

        assertThat(hours(body)).containsExactly("2024-05-01T10:00:00Z orders=2 approved=1 revenue=5");
    }

    @Test
    void aRestaurantWithoutOrdersHasHoursOfZeros() {
        JsonNode body = new Http(port).get("/api/restaurants/" + restaurant()
                + "/hourly?from=2024-05-01T10:00:00Z&to=2024-05-01T12:00:00Z").json();

        assertThat(hours(body)).containsExactly("2024-05-01T10:00:00Z orders=0 approved=0 revenue=0",
                "2024-05-01T11:00:00Z orders=0 approved=0 revenue=0");
        assertThat(body.get("orders").asLong()).isZero();
    }

    @Test
    void withoutFromAndToTheLast24HoursUpToTheEndOfTheCurrentOne() {
        Instant before = Instant.now();
        JsonNode body = new Http(port).get("/api/restaurants/" + restaurant() + "/hourly").json();

        Instant to = Instant.parse(body.get("to").stringValue());
        assertThat(to).isEqualTo(to.truncatedTo(ChronoUnit.HOURS)).isAfter(before)
                .isBeforeOrEqualTo(before.plus(Duration.ofHours(2)));
        assertThat(Instant.parse(body.get("from").stringValue())).isEqualTo(to.minus(Duration.ofHours(24)));
        assertThat(body.get("hours").size()).isEqualTo(24);
    }

    @Test
    void onlyAnOperatorSeesARestaurantsFigures() {
        String path = "/api/restaurants/" + restaurant() + "/hourly";

        assertThat(new Http(port, TestTokens.customer("c1")).get(path).status()).isEqualTo(403);
        assertThat(new Http(port, null).get(path).status()).isEqualTo(401);
        assertThat(new Http(port).get(path).status()).isEqualTo(200);
    }

    @Test
    void badInputIsAProblemNamingTheParameter() {
        String r = restaurant();
        assertProblem("/api/restaurants/" + r + "/hourly?from=yesterday", "from");
        assertProblem("/api/restaurants/" + r + "/hourly?to=2024-05-01T10:00", "to");   // no offset
        assertProblem("/api/restaurants/" + r + "/hourly?from=2024-05-01T12:00:00Z&to=2024-05-01T12:00:00Z", "from");
        assertProblem("/api/restaurants/" + r + "/hourly?from=2024-05-01T00:00:00Z&to=2024-06-01T00:00:01Z", "to");
        assertProblem("/api/restaurants/" + "r".repeat(201) + "/hourly", "id");
    }

    private void assertProblem(String path, String field) {
        Http.Response response = new Http(port).get(path);
        assertThat(response.status()).as(path).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("errors").get(0).get("field").stringValue()).as(path).isEqualTo(field);
    }

    private static List<String> hours(JsonNode body) {
        List<String> hours = new ArrayList<>();
        body.get("hours").forEach(h -> hours.add(h.get("hour").stringValue() + " orders=" + h.get("orders").asLong()
                + " approved=" + h.get("approved").asLong() + " revenue="
                + h.get("revenue").decimalValue().stripTrailingZeros().toPlainString()));
        return hours;
    }

    private static String restaurant() {
        return "r-" + UUID.randomUUID();
    }
}

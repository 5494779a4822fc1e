package io.eventstream.orders.http;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document ({@code /v3/api-docs}, UI at {@code /swagger-ui.html}): springdoc
 * derives the operations from the controller; this adds what it cannot see, the RFC 9457
 * problem answers of each operation (application/problem+json), written by
 * {@link ProblemHandler} and {@link BodySizeLimitFilter}.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    static final String PROBLEM_JSON = "application/problem+json";
    private static final String PROBLEM = "Problem";

    @Bean
    OpenAPI orderApi() {
        return new OpenAPI()
                .info(new Info().title("eventstream order API").version("1")
                        .description("Places orders (appended to the event store as <stream>.created) and reads "
                                + "them back from the read model. Every answer carries X-Trace-Id, the order's "
                                + "trace in Zipkin."));
    }

    @Bean
    OpenApiCustomizer problemResponses() {
        return openApi -> {
            // Here, not on the OpenAPI bean: springdoc drops component schemas nothing refers to yet.
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents().addSchemas(PROBLEM, problemSchema());
            openApi.getPaths().forEach((path, item) -> addProblems(path, item));
        };
    }

    private static void addProblems(String path, PathItem item) {
        if (!path.startsWith("/api/")) {
            return;
        }
        boolean byId = path.startsWith("/api/orders/{id}");
        item.readOperationsMap().forEach((method, operation) -> {
            problem(operation, "400", "Invalid request: malformed JSON, a field, header or parameter "
                    + "that breaks a rule (each one named in `errors`)");
            if (method == PathItem.HttpMethod.POST && path.equals("/api/orders")) {
                created(operation);
            }
            if (method == PathItem.HttpMethod.POST) {
                problem(operation, "409", "The order id is in use by another order");
                problem(operation, "413", "The body is larger than eventstream.orders.max-body-size");
                problem(operation, "415", "The body is not application/json");
                problem(operation, "422", "The Idempotency-Key was used before with a different request");
            }
            if (byId) {
                problem(operation, "404", "No such order");
            }
            if (!path.startsWith("/api/restaurants/")) { // read model only: no event store call
                problem(operation, "502", "The event store refused the request");
            }
            operation.getResponses().addApiResponse("503", problemResponse(
                    "The event store or the read model is unavailable; retry after Retry-After seconds")
                    .addHeaderObject("Retry-After", new Header().description("seconds to wait")
                            .schema(new IntegerSchema())));
        });
    }

    /** The controller answers 201 through a ResponseEntity, which springdoc documents as 200. */
    private static void created(Operation operation) {
        ApiResponse ok = operation.getResponses().remove("200");
        if (ok != null) {
            operation.getResponses().addApiResponse("201", ok
                    .description("The order is placed (or, for a repeated Idempotency-Key, was placed: "
                            + "then Idempotent-Replayed: true)")
                    .addHeaderObject("Location", new Header().description("/api/orders/{order_id}")
                            .schema(new StringSchema())));
        }
    }

    private static void problem(Operation operation, String status, String description) {
        ApiResponses responses = operation.getResponses();
        if (responses == null) {
            responses = new ApiResponses();
            operation.setResponses(responses);
        }
        responses.addApiResponse(status, problemResponse(description));
    }

    private static ApiResponse problemResponse(String description) {
        return new ApiResponse().description(description).content(new Content().addMediaType(PROBLEM_JSON,
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
    }

    @SuppressWarnings("rawtypes")
    private static Schema problemSchema() {
        Schema<?> fieldError = new ObjectSchema()
                .addProperty("field", new StringSchema().description("JSON path, header or parameter"))
                .addProperty("message", new StringSchema().description("what is wrong with it"));
        return new ObjectSchema()
                .description("RFC 9457 problem details")
                .properties(Map.of(
                        "type", new StringSchema().example("about:blank"),
                        "title", new StringSchema().example("Invalid request"),
                        "status", new IntegerSchema().example(400),
                        "detail", new StringSchema().example("1 field is invalid"),
                        "instance", new StringSchema().example("/api/orders"),
                        "errors", new ArraySchema().items(fieldError)
                                .description("400 only: every offending input")));
    }
}

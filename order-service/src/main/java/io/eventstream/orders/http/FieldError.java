package io.eventstream.orders.http;

/** One offending input: the JSON path, header or parameter name, and what is wrong with it. */
public record FieldError(String field, String message) {
}

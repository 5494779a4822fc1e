package io.eventstream.bootstrapper;

/** A database to create, by its resolved name, and the migrations to run in it. */
public record TargetDatabase(String name, SchemaTarget target) {
}

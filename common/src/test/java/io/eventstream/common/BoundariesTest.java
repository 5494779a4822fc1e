package io.eventstream.common;

import static io.eventstream.common.testing.boundaries.Framework.GRPC;
import static io.eventstream.common.testing.boundaries.Framework.JDBC;
import static io.eventstream.common.testing.boundaries.Framework.NATS;
import static io.eventstream.common.testing.boundaries.Framework.SPRING;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.eventstream.common.testing.boundaries.Boundaries;

/**
 * common's packages as boundaries. The decisions: {@code events}, the published language every
 * service speaks (event types, headers, the bodies); {@code consumer}, {@code eventstore},
 * {@code nats} and {@code tracing} are the plumbing that carries it.
 */
@AnalyzeClasses(packages = "io.eventstream.common", importOptions = ImportOption.DoNotIncludeTests.class)
class BoundariesTest {

    private static final Boundaries COMMON = Boundaries.of("io.eventstream.common").withDecisionsIn("events");

    /** Jackson is allowed here, unlike in a service's decisions: the bodies' JSON codec is part of the language. */
    @ArchTest
    static final ArchRule the_event_language_does_not_depend_on_spring_nats_grpc_or_jdbc =
            COMMON.decisionsDoNotDependOn(SPRING, NATS, GRPC, JDBC);

    @ArchTest
    static final ArchRule the_event_language_does_not_depend_on_the_plumbing = COMMON.decisionsDoNotDependOnTheAdapters();

    /** Tracing knows no consumer: it traces any {@code TracedDelivery}, and the consumer wires itself. */
    @ArchTest
    static final ArchRule the_packages_are_free_of_cycles = COMMON.packagesAreFreeOfCycles();
}

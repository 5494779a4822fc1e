package io.eventstream.eventstore;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static io.eventstream.common.testing.boundaries.Framework.GRPC;
import static io.eventstream.common.testing.boundaries.Framework.JDBC;
import static io.eventstream.common.testing.boundaries.Framework.NATS;
import static io.eventstream.common.testing.boundaries.Framework.SPRING;
import static io.eventstream.common.testing.boundaries.Framework.packagesOf;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.eventstream.common.testing.boundaries.Boundaries;
import io.eventstream.common.testing.boundaries.Framework;

/**
 * eventstore-service's packages as boundaries. The store's rules are mostly its SQL: what it
 * decides in plain Java is the append's vocabulary ({@code NewEvent}, {@code AppendOutcome}, the
 * rejections) and {@code EventValidator}, and who may call ({@code access}). {@code grpc} is the
 * adapter in front, {@code security} its authentication and authorization; {@code append},
 * {@code read} and {@code outbox} do not know them.
 *
 * <p>Left out: {@code EventAppender} and {@code AppendStatements} are the append's JDBC adapter
 * inside {@code append}; moving them to a package of their own is a larger change than this
 * rule (their SQL is being changed elsewhere at the same time), so the rules below name the
 * plain classes instead of the whole package.
 */
@AnalyzeClasses(packages = "io.eventstream.eventstore", importOptions = ImportOption.DoNotIncludeTests.class)
class BoundariesTest {

    private static final Boundaries EVENTSTORE_SERVICE = Boundaries.of("io.eventstream.eventstore");
    private static final String APPEND = "io.eventstream.eventstore.append";

    @ArchTest
    static final ArchRule the_append_vocabulary_does_not_depend_on_frameworks = noClasses()
            .that().resideInAPackage(APPEND)
            .and().doNotHaveSimpleName("EventAppender").and().doNotHaveSimpleName("AppendStatements")
            .and().doNotHaveSimpleName("EventValidator")
            .should().dependOnClassesThat().resideInAnyPackage(packagesOf(Framework.values()));

    /** Jackson is its tool: the rule it applies is "event_data is one JSON value". */
    @ArchTest
    static final ArchRule the_event_validator_does_not_depend_on_spring_nats_grpc_or_jdbc = noClasses()
            .that().haveFullyQualifiedName(APPEND + ".EventValidator")
            .should().dependOnClassesThat().resideInAnyPackage(packagesOf(SPRING, NATS, GRPC, JDBC));

    /** Who may do what is decided in plain Java; the gRPC adapter (security) only asks. */
    @ArchTest
    static final ArchRule the_access_table_does_not_depend_on_frameworks = noClasses()
            .that().resideInAPackage("io.eventstream.eventstore.access..")
            .should().dependOnClassesThat().resideInAnyPackage(packagesOf(Framework.values()));

    @ArchTest
    static final ArchRule the_access_table_does_not_depend_on_the_adapters = noClasses()
            .that().resideInAPackage("io.eventstream.eventstore.access..")
            .should().dependOnClassesThat().resideInAnyPackage("io.eventstream.eventstore.security..",
                    "io.eventstream.eventstore.grpc..", "io.eventstream.eventstore.append..");

    @ArchTest
    static final ArchRule appending_reading_and_relaying_do_not_depend_on_the_grpc_adapter = noClasses()
            .that().resideInAnyPackage(APPEND + "..", "io.eventstream.eventstore.read..",
                    "io.eventstream.eventstore.outbox..", "io.eventstream.eventstore.db..")
            .should().dependOnClassesThat().resideInAPackage("io.eventstream.eventstore.grpc..")
            .because("the gRPC service translates to and from the store, not the other way round");

    @ArchTest
    static final ArchRule the_packages_are_free_of_cycles = EVENTSTORE_SERVICE.packagesAreFreeOfCycles();
}

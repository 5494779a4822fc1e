package io.eventstream.saga;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.eventstream.common.testing.boundaries.Boundaries;

/**
 * saga-coordinator's packages as boundaries. The decisions: {@code process} (the saga's rules:
 * which step leads to a refund, a rejection, a cancellation, exactly one ending per order) and
 * {@code rebuild} (the saga's state rebuilt from the log);
 * {@code events}, {@code eventstore}, {@code jdbc}, {@code messaging}, {@code deadline} and
 * {@code config} are the adapters around it.
 */
@AnalyzeClasses(packages = "io.eventstream.saga", importOptions = ImportOption.DoNotIncludeTests.class)
class BoundariesTest {

    private static final Boundaries SAGA_COORDINATOR = Boundaries.of("io.eventstream.saga").withDecisionsIn("process", "rebuild");

    @ArchTest
    static final ArchRule the_saga_rules_do_not_depend_on_frameworks = SAGA_COORDINATOR.decisionsDoNotDependOnFrameworks();

    @ArchTest
    static final ArchRule the_saga_rules_do_not_depend_on_the_adapters =
            SAGA_COORDINATOR.decisionsDoNotDependOnTheAdapters();

    @ArchTest
    static final ArchRule the_packages_are_free_of_cycles = SAGA_COORDINATOR.packagesAreFreeOfCycles();
}

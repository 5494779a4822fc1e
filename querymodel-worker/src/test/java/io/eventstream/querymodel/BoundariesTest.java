package io.eventstream.querymodel;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.eventstream.common.testing.boundaries.Boundaries;

/**
 * querymodel-worker's packages as boundaries. The decisions: {@code projection} (what each
 * event changes in an order's view: status, lines, history); {@code messaging}, {@code jdbc}
 * and {@code config} are the adapters around it.
 */
@AnalyzeClasses(packages = "io.eventstream.querymodel", importOptions = ImportOption.DoNotIncludeTests.class)
class BoundariesTest {

    private static final Boundaries QUERYMODEL_WORKER =
            Boundaries.of("io.eventstream.querymodel").withDecisionsIn("projection");

    @ArchTest
    static final ArchRule the_projection_does_not_depend_on_frameworks =
            QUERYMODEL_WORKER.decisionsDoNotDependOnFrameworks();

    @ArchTest
    static final ArchRule the_projection_does_not_depend_on_the_adapters =
            QUERYMODEL_WORKER.decisionsDoNotDependOnTheAdapters();

    @ArchTest
    static final ArchRule the_packages_are_free_of_cycles = QUERYMODEL_WORKER.packagesAreFreeOfCycles();
}

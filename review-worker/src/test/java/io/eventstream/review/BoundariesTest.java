package io.eventstream.review;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.eventstream.common.testing.boundaries.Boundaries;

/**
 * review-worker's packages as boundaries. The decisions: {@code approval} (the review's rules:
 * closed restaurants, the amount limit, the verdict); {@code eventstore}, {@code messaging} and
 * {@code config} are the adapters around it.
 */
@AnalyzeClasses(packages = "io.eventstream.review", importOptions = ImportOption.DoNotIncludeTests.class)
class BoundariesTest {

    private static final Boundaries REVIEW_WORKER = Boundaries.of("io.eventstream.review").withDecisionsIn("approval");

    @ArchTest
    static final ArchRule the_review_rules_do_not_depend_on_frameworks = REVIEW_WORKER.decisionsDoNotDependOnFrameworks();

    @ArchTest
    static final ArchRule the_review_rules_do_not_depend_on_the_adapters =
            REVIEW_WORKER.decisionsDoNotDependOnTheAdapters();

    @ArchTest
    static final ArchRule the_packages_are_free_of_cycles = REVIEW_WORKER.packagesAreFreeOfCycles();
}

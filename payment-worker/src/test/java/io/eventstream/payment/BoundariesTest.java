package io.eventstream.payment;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.eventstream.common.testing.boundaries.Boundaries;

/**
 * payment-worker's packages as boundaries. The decisions: {@code debit} (what a debit and a
 * refund do to a wallet, and the events they end in); {@code jdbc}, {@code eventstore},
 * {@code messaging}, {@code http} and {@code config} are the adapters around it.
 */
@AnalyzeClasses(packages = "io.eventstream.payment", importOptions = ImportOption.DoNotIncludeTests.class)
class BoundariesTest {

    private static final Boundaries PAYMENT_WORKER = Boundaries.of("io.eventstream.payment").withDecisionsIn("debit");

    @ArchTest
    static final ArchRule the_money_rules_do_not_depend_on_frameworks = PAYMENT_WORKER.decisionsDoNotDependOnFrameworks();

    @ArchTest
    static final ArchRule the_money_rules_do_not_depend_on_the_adapters =
            PAYMENT_WORKER.decisionsDoNotDependOnTheAdapters();

    @ArchTest
    static final ArchRule the_packages_are_free_of_cycles = PAYMENT_WORKER.packagesAreFreeOfCycles();
}

package io.eventstream.orders;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.eventstream.common.testing.boundaries.Boundaries;

/**
 * order-service's packages as boundaries. The decisions: {@code order} (an order, its items,
 * amount, status and ids; what placing and cancelling share; the fold of its events into the
 * order as it was, {@code OrderFold}). The features: {@code placing},
 * {@code cancel}, {@code query}, {@code board}; {@code http}, {@code wire} and {@code config}
 * are the adapters and wiring around them.
 */
@AnalyzeClasses(packages = "io.eventstream.orders", importOptions = ImportOption.DoNotIncludeTests.class)
class BoundariesTest {

    private static final Boundaries ORDER_SERVICE = Boundaries.of("io.eventstream.orders").withDecisionsIn("order");

    @ArchTest
    static final ArchRule the_order_does_not_depend_on_frameworks = ORDER_SERVICE.decisionsDoNotDependOnFrameworks();

    @ArchTest
    static final ArchRule the_order_does_not_depend_on_the_adapters = ORDER_SERVICE.decisionsDoNotDependOnTheAdapters();

    @ArchTest
    static final ArchRule placing_cancel_query_the_board_and_hourly_do_not_reach_into_each_other =
            ORDER_SERVICE.featuresDoNotDependOnEachOther("placing", "cancel", "query", "board", "hourly");

    @ArchTest
    static final ArchRule the_packages_are_free_of_cycles = ORDER_SERVICE.packagesAreFreeOfCycles();
}

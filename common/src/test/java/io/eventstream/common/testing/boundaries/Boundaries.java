package io.eventstream.common.testing.boundaries;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.library.dependencies.SliceRule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The rules every service's boundary test is written in, so that each test only states its
 * own packages: which hold the decisions, which are features. Packages are named relative to
 * the service's root package ({@code "debit"} for {@code io.eventstream.payment.debit}).
 *
 * <p>A decision package is plain Java: the state of an order, money, the review's and the
 * saga's rules. The adapters around it (HTTP, gRPC, JDBC, NATS, JSON, Spring configuration)
 * call it and translate; it calls none of them, so the arrows point inwards only.
 */
public record Boundaries(String root, List<String> decisions) {

    public Boundaries {
        decisions = List.copyOf(decisions);
    }

    /** A service rooted at {@code root} (e.g. {@code io.eventstream.payment}), its decisions still to be named. */
    public static Boundaries of(String root) {
        return new Boundaries(root, List.of());
    }

    public Boundaries withDecisionsIn(String... packages) {
        return new Boundaries(root, Arrays.asList(packages));
    }

    /** The decision packages import none of {@code frameworks}. */
    public ArchRule decisionsDoNotDependOn(Framework... frameworks) {
        return noClasses().that(areDecisions())
                .should().dependOnClassesThat().resideInAnyPackage(Framework.packagesOf(frameworks))
                .because("a decision is plain Java: the adapters around it speak " + Arrays.toString(frameworks));
    }

    /** The decision packages import none of Spring, NATS, gRPC, JDBC or Jackson. */
    public ArchRule decisionsDoNotDependOnFrameworks() {
        return decisionsDoNotDependOn(Framework.values());
    }

    /**
     * Nothing in a decision package uses the service's other packages (its adapters,
     * configuration, application class): they depend on the decisions, never the other way round.
     */
    public ArchRule decisionsDoNotDependOnTheAdapters() {
        DescribedPredicate<JavaClass> restOfTheService = resideInAPackage(root + "..")
                .and(DescribedPredicate.not(areDecisions()))
                .as("are elsewhere in " + root);
        return noClasses().that(areDecisions())
                .should().dependOnClassesThat(restOfTheService)
                .because("adapters depend on the decisions, not the other way round");
    }

    /** No two packages of the service depend on each other, directly or through others. */
    public SliceRule packagesAreFreeOfCycles() {
        return slices().matching(root + ".(*)..").should().beFreeOfCycles()
                .because("a cycle makes two packages one that cannot be understood or changed alone");
    }

    /**
     * Each feature package (a command or a view with everything it needs) uses none of the
     * other features: what two of them share lives in a package of its own (e.g. the decisions).
     */
    public ArchRule featuresDoNotDependOnEachOther(String... features) {
        List<ArchRule> rules = new ArrayList<>();
        for (String feature : features) {
            List<String> others = Arrays.stream(features).filter(f -> !f.equals(feature)).map(this::pattern).toList();
            rules.add(noClasses().that().resideInAPackage(pattern(feature))
                    .should().dependOnClassesThat().resideInAnyPackage(others.toArray(String[]::new)));
        }
        return CompositeArchRule.of(rules).as("features " + Arrays.toString(features) + " do not depend on each other")
                .because("a feature changes alone; what two features share belongs to neither");
    }

    private DescribedPredicate<JavaClass> areDecisions() {
        if (decisions.isEmpty()) {
            throw new IllegalStateException("name the decision packages of " + root + " first (withDecisionsIn)");
        }
        return resideInAnyPackage(decisions.stream().map(this::pattern).toArray(String[]::new))
                .as("are in the decisions " + decisions);
    }

    private String pattern(String relativePackage) {
        return root + "." + relativePackage + "..";
    }
}

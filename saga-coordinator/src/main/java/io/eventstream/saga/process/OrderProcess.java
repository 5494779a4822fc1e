package io.eventstream.saga.process;

import io.eventstream.saga.process.Step.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An order's process, derived from its events in version order, and the saga's rules for
 * what must happen next ({@link #next}). The history alone decides, so the same history
 * always gives the same answer: redelivered and out-of-order messages change nothing.
 *
 * <ul>
 *   <li>The first of payment failed, review rejected and cancel requested is the cause that
 *       stops the order. A cancel request ends Cancelled, the others Rejected.</li>
 *   <li>Money first: an order that was debited ends only after the refund is done.</li>
 *   <li>Approved, Rejected and Cancelled are terminal, and an order gets exactly one.</li>
 *   <li>After a terminal event nothing changes, except that a debit that comes late (after
 *       Rejected or Cancelled) is refunded.</li>
 *   <li>An order that nothing has stopped and that is not terminal by its deadline (created
 *       + the configured time) is cancelled: the saga requests the cancel itself.</li>
 * </ul>
 */
public final class OrderProcess {

    private static final Set<Kind> TERMINAL = EnumSet.of(Kind.APPROVED, Kind.REJECTED, Kind.CANCELLED);
    private static final Set<Kind> CAUSES = EnumSet.of(Kind.PAYMENT_FAILED, Kind.REVIEW_REJECTED, Kind.CANCEL_REQUESTED);

    private final String orderId;
    private final List<Step> history;
    private final Duration deadline;

    private OrderProcess(String orderId, List<Step> history, Duration deadline) {
        this.orderId = orderId;
        this.history = history.stream().sorted(Comparator.comparingLong(Step::version)).toList();
        this.deadline = deadline;
    }

    public static OrderProcess of(String orderId, List<Step> history, Duration deadline) {
        return new OrderProcess(orderId, history, deadline);
    }

    /** What the saga must append next, or empty when it has nothing to do (now, or ever). */
    public Optional<Command> next(Instant now) {
        Optional<Step> terminal = first(TERMINAL);
        if (terminal.isPresent()) {
            if (terminal.get().kind() != Kind.APPROVED && has(Kind.PAYMENT_DEBITED) && !has(Kind.REFUND_REQUESTED)) {
                return command(Command.Type.REQUEST_REFUND, "the payment came after the order was "
                        + terminal.get().kind().suffix());
            }
            return Optional.empty();
        }
        Optional<Step> cause = first(CAUSES);
        if (cause.isEmpty()) {
            if (awaitingDeadline() && !now.isBefore(deadlineAt().orElseThrow())) {
                return command(Command.Type.REQUEST_CANCEL, "not completed within " + seconds(deadline));
            }
            return Optional.empty();
        }
        String reason = cause.get().reason();
        if (has(Kind.PAYMENT_DEBITED) && !has(Kind.PAYMENT_REFUNDED)) {
            return has(Kind.REFUND_REQUESTED) ? Optional.empty() : command(Command.Type.REQUEST_REFUND, reason);
        }
        return cause.get().kind() == Kind.CANCEL_REQUESTED
                ? command(Command.Type.CANCEL, reason)
                : command(Command.Type.REJECT, reason);
    }

    public SagaState state() {
        Optional<Step> terminal = first(TERMINAL);
        if (terminal.isPresent()) {
            return switch (terminal.get().kind()) {
                case APPROVED -> SagaState.APPROVED;
                case REJECTED -> SagaState.REJECTED;
                default -> SagaState.CANCELLED;
            };
        }
        if (first(CAUSES).isPresent()) {
            return SagaState.COMPENSATING;
        }
        return has(Kind.PAYMENT_DEBITED) ? SagaState.PAYMENT_DEBITED : SagaState.STARTED;
    }

    /** The reason of the terminal event, else of the cause that stops the order, else null. */
    public String reason() {
        return first(TERMINAL).or(() -> first(CAUSES)).map(Step::reason).orElse(null);
    }

    /** True while the deadline still applies: the order is known, not terminal, and nothing stopped it. */
    public boolean awaitingDeadline() {
        return created().isPresent() && first(TERMINAL).isEmpty() && first(CAUSES).isEmpty();
    }

    public Optional<Instant> deadlineAt() {
        return created().map(c -> c.at().plus(deadline));
    }

    /** The order's terminal event (approved, rejected or cancelled), once it has one. */
    public Optional<Step> terminal() {
        return first(TERMINAL);
    }

    public Optional<Step> created() {
        return first(EnumSet.of(Kind.CREATED));
    }

    public String orderId() {
        return orderId;
    }

    /** The aggregate version the history was read at: the saga's next event is appended only there. */
    public long version() {
        return history.stream().mapToLong(Step::version).max().orElse(0);
    }

    public boolean isEmpty() {
        return history.isEmpty();
    }

    private boolean has(Kind kind) {
        return history.stream().anyMatch(s -> s.kind() == kind);
    }

    private Optional<Step> first(Set<Kind> kinds) {
        return history.stream().filter(s -> kinds.contains(s.kind())).findFirst();
    }

    private static Optional<Command> command(Command.Type type, String reason) {
        return Optional.of(new Command(type, reason));
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}

package io.eventstream.common.eventstore;

import io.eventstream.proto.eventstore.CreateEventResult;
import io.grpc.Status;
import java.util.function.Supplier;

/**
 * What one append of several ({@link EventStoreClient#appendEach}) came to: its result, or the
 * failure a CreateEvent of its own would have thrown. Exactly one of the two is set.
 */
public record AppendOutcome(AppendResult result, EventStoreException failure) {

    public AppendOutcome {
        if ((result == null) == (failure == null)) {
            throw new IllegalArgumentException("an append outcome is a result or a failure");
        }
    }

    public static AppendOutcome stored(AppendResult result) {
        return new AppendOutcome(result, null);
    }

    public static AppendOutcome failed(EventStoreException failure) {
        return new AppendOutcome(null, failure);
    }

    /** The outcome of one single append: its result, or the {@link EventStoreException} it threw. */
    public static AppendOutcome of(Supplier<AppendResult> append) {
        try {
            return stored(append.get());
        } catch (EventStoreException e) {
            return failed(e);
        }
    }

    /** One event's result in a CreateEvents answer. */
    static AppendOutcome of(CreateEventResult r) {
        if (r.getCode() == Status.Code.OK.value()) {
            return stored(new AppendResult(r.getVersion(), r.getDuplicate()));
        }
        Status.Code code = Status.fromCodeValue(r.getCode()).getCode();
        return failed(new EventStoreException(code, r.getMessage().isEmpty() ? code.name() : r.getMessage(), null));
    }

    public boolean succeeded() {
        return failure == null;
    }

    /** The result, or the failure thrown. */
    public AppendResult orThrow() {
        if (failure != null) {
            throw failure;
        }
        return result;
    }
}

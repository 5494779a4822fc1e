package io.eventstream.querymodel.messaging;

import io.eventstream.common.consumer.BatchEventHandler;
import io.eventstream.common.consumer.EventSpans;
import io.eventstream.common.consumer.PoisonMessageException;
import io.eventstream.common.consumer.ReceivedEvent;
import io.eventstream.querymodel.projection.InvalidEventException;
import io.eventstream.querymodel.projection.OrderChange;
import io.eventstream.querymodel.projection.ReadModel;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Projects every order event into the read model. Unknown event types are acked and
 * ignored; events that can never be projected are poison; a database failure is thrown as
 * is, so the event is redelivered and nothing is lost.
 *
 * <p>A batch is applied in one transaction. Every event is translated before anything is
 * written, so a batch with an event that cannot be projected writes nothing and throws: the
 * consumer then handles each event alone, and only that one is dead-lettered.
 */
public class OrderEventHandler implements BatchEventHandler {

    private static final Logger log = LoggerFactory.getLogger(OrderEventHandler.class);

    private final OrderEventTranslator translator;
    private final ReadModel readModel;

    public OrderEventHandler(OrderEventTranslator translator, ReadModel readModel) {
        this.translator = translator;
        this.readModel = readModel;
    }

    @Override
    public void handle(ReceivedEvent event) {
        try {
            translator.translate(event).ifPresentOrElse(readModel::apply,
                    () -> log.debug("ignoring {} (not projected)", event.eventType()));
        } catch (InvalidEventException e) {
            throw new PoisonMessageException(e.getMessage(), e);
        }
    }

    /**
     * Throws {@link InvalidEventException} for a batch with an event that cannot be projected
     * (in translation, or rejected by the database), and the read model's failure when it is
     * unavailable; in both cases nothing of the batch is committed. The spans are not needed:
     * nothing done for one event leaves the process, the batch's one transaction is shared.
     */
    @Override
    public void handleAll(List<ReceivedEvent> events, EventSpans spans) {
        List<OrderChange> changes = new ArrayList<>(events.size());
        for (ReceivedEvent event : events) {
            translator.translate(event).ifPresentOrElse(changes::add,
                    () -> log.debug("ignoring {} (not projected)", event.eventType()));
        }
        readModel.applyAll(changes);
    }
}

package io.eventstream.querymodel.messaging;

import io.eventstream.common.consumer.EventHandler;
import io.eventstream.common.consumer.PoisonMessageException;
import io.eventstream.common.consumer.ReceivedEvent;
import io.eventstream.querymodel.projection.InvalidEventException;
import io.eventstream.querymodel.projection.ReadModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Projects every order event into the read model. Unknown event types are acked and
 * ignored; events that can never be projected are poison; a database failure is thrown as
 * is, so the event is redelivered and nothing is lost.
 */
public class OrderEventHandler implements EventHandler {

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
}

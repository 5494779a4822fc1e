package io.eventstream.common.httpauth;

/**
 * A caller asked for another customer's order or wallet: 403 problem. The message names neither
 * the caller nor the owner: the answer must not tell who owns what.
 */
public class NotYoursException extends RuntimeException {

    public NotYoursException() {
        super("belongs to another customer");
    }
}

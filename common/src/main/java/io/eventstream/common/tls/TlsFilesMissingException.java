package io.eventstream.common.tls;

/** TLS is on, but a file of the service's certificate bundle is not there: the service must not start. */
public class TlsFilesMissingException extends RuntimeException {

    public TlsFilesMissingException(String message) {
        super(message);
    }
}

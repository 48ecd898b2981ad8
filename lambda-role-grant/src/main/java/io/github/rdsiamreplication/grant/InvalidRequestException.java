package io.github.rdsiamreplication.grant;

/** The event is malformed or asks for something unsafe; thrown before any SQL runs. */
public class InvalidRequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and what to change */
    public InvalidRequestException(String message) {
        super(message);
    }
}

package io.github.rdsiamreplication.lambdakit;

/**
 * The event is malformed or asks for something unsafe; thrown before anything is changed. The message
 * names the key (e.g. {@code ResourceProperties.Port}) and what to give instead.
 */
public class InvalidRequestException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and what to change */
    public InvalidRequestException(String message) {
        super(message);
    }
}

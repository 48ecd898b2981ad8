package io.github.rdsiamreplication.client;

/** The stream stopped for a reason retrying cannot fix, or after too many failed reconnects. */
public class ReplicationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what happened and what to change
     * @param cause the last error, if any
     */
    public ReplicationException(String message, Throwable cause) {
        super(message, cause);
    }
}

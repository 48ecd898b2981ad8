package io.github.rdsiamreplication.grant;

/** Nothing answered on the network (connection refused, no route, unknown host, timeouts) until the deadline: the database is gone or out of reach. */
public class UnreachableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what could not be reached and why; never the password */
    public UnreachableException(String message) {
        super(message);
    }
}

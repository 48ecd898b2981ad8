package io.github.rdsiamreplication.grant;

/** The database (or the admin secret) could not be reached before the deadline. */
public class UnreachableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what could not be reached and why; never the password */
    public UnreachableException(String message) {
        super(message);
    }
}

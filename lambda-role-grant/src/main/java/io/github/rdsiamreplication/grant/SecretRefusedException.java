package io.github.rdsiamreplication.grant;

/**
 * The admin secret exists in the request but could not be read: not found, access denied, a KMS refusal or
 * a deleted secret. Unlike {@link UnreachableException} this is a configuration error, so even a Delete
 * fails on it instead of leaving grants behind with a warning.
 */
public class SecretRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message the secret, the refusal and the remedy; never the secret's value */
    public SecretRefusedException(String message) {
        super(message);
    }
}

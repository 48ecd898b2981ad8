package io.github.rdsiamreplication.grant;

/**
 * A secret (the admin secret, the handler's allow-list or its physical-id key) could not be read. Never
 * forgiven, not even on Delete: without the secret the handler cannot undo its grants, and the cause (a
 * permission, a deleted secret, the network path to Secrets Manager) is something to fix. The one place that
 * turns a failed read into a message with the remedy.
 */
public final class SecretUnreadableException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** What the admin secret is called in messages. */
    public static final String ADMIN_SECRET = "admin secret";
    /** What the handler's allow-list secret is called in messages. */
    public static final String ALLOW_LIST_SECRET = "allow-list secret";
    /** What the handler's physical-id key secret is called in messages. */
    public static final String ID_KEY_SECRET = "physical-id key secret";

    private SecretUnreadableException(String message) {
        super(message);
    }

    /**
     * @param what {@link #ADMIN_SECRET}, {@link #ALLOW_LIST_SECRET} or {@link #ID_KEY_SECRET}
     * @param secretArn the secret that could not be read
     * @param errorCode text holding the Secrets Manager error code ({@code AccessDeniedException},
     *     {@code ResourceNotFoundException}, ...) and its message, or null when no answer came
     * @param detail what went wrong, for the message
     * @return the exception to throw, naming the secret, the error and the remedy
     */
    public static SecretUnreadableException of(String what, String secretArn, String errorCode, String detail) {
        String remedy;
        if (errorCode == null) {
            remedy = "The handler did not reach Secrets Manager: give its subnets a NAT route or an interface "
                    + "VPC endpoint for Secrets Manager";
        } else if (errorCode.contains("Decryption") || errorCode.contains("AccessDenied") && errorCode.contains("KMS")) {
            remedy = "Let the handler's role use the secret's KMS key (kms:Decrypt, in the key policy too)";
        } else if (errorCode.contains("AccessDenied")) {
            remedy = "Let the handler's role call secretsmanager:GetSecretValue on the secret (and kms:Decrypt on "
                    + "its key)";
        } else if (errorCode.contains("ResourceNotFound")) {
            remedy = ALLOW_LIST_SECRET.equals(what)
                    ? "The secret does not exist (deleted, or another ARN): deploy the stack again, which recreates it"
                    : ID_KEY_SECRET.equals(what)
                    ? "The secret does not exist (deleted, or another ARN): restore it (Secrets Manager keeps a deleted "
                    + "secret for its recovery window); a new key could not check the physical ids the old one signed"
                    : "The secret does not exist (deleted, or another ARN): restore it or point adminSecret at the "
                    + "secret of the master user";
        } else if (errorCode.contains("Throttling")) {
            remedy = "Secrets Manager kept throttling the reads: retry the deployment";
        } else {
            remedy = "Check the secret and the handler's permissions on it";
        }
        return new SecretUnreadableException("Could not read the " + what + " " + secretArn + ": " + detail + ". "
                + remedy + ".");
    }
}

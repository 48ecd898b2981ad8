package io.github.rdsiamreplication.grant;

/**
 * A secret (the admin secret, the handler's allow-list or its physical-id key) could not be read. Never
 * forgiven, not even on Delete: without the secret the handler cannot undo its grants, and the cause (a
 * permission, a deleted secret, the network path to Secrets Manager) is something to fix. The one place that turns a failed read into a message with
 * the remedy, whatever read the secret (the Parameters and Secrets extension here).
 */
public final class SecretUnreadableException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** The error code for "the Parameters and Secrets extension on localhost did not answer at all". */
    public static final String EXTENSION_UNREACHABLE = "ExtensionUnreachable";
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
     *     {@code ResourceNotFoundException}, ...) or the refusal as answered, or null when no answer came
     * @param detail what went wrong, for the message
     * @return the exception to throw, naming the secret, the error and the remedy
     */
    public static SecretUnreadableException of(String what, String secretArn, String errorCode, String detail) {
        String remedy;
        if (EXTENSION_UNREACHABLE.equals(errorCode)) {
            remedy = "The function must carry the AWS Parameters and Secrets Lambda Extension layer (the construct "
                    + "adds it) and PARAMETERS_SECRETS_EXTENSION_HTTP_PORT must name the port it listens on";
        } else if (errorCode == null) {
            remedy = "The handler did not reach Secrets Manager: give its subnets a NAT route or an interface "
                    + "VPC endpoint for Secrets Manager";
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
        } else if (errorCode.contains("Decryption")) {
            remedy = "Let the handler's role use the secret's KMS key (kms:Decrypt)";
        } else {
            remedy = "Check the secret and the handler's permissions on it";
        }
        return new SecretUnreadableException("Could not read the " + what + " " + secretArn + ": " + detail + ". "
                + remedy + ".");
    }
}

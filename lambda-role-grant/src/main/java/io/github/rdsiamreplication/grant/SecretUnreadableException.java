package io.github.rdsiamreplication.grant;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The admin secret could not be read. Never forgiven, not even on Delete: without the secret the
 * handler cannot undo its grants, and the cause (a permission, a deleted secret, the network path to
 * Secrets Manager) is something to fix. The one place that turns a failed read into a message with
 * the remedy, whatever read the secret (the SDK client here; any other reader can pass the error code).
 */
public final class SecretUnreadableException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private SecretUnreadableException(String message) {
        super(message);
    }

    /**
     * @param secretArn the secret that could not be read
     * @param e what the SDK client threw
     * @return the exception to throw, naming the secret, the error and the remedy; never the secret value
     */
    public static SecretUnreadableException from(String secretArn, SdkException e) {
        String code = e instanceof AwsServiceException service && service.awsErrorDetails() != null
                ? service.awsErrorDetails().errorCode() : null;
        return of(secretArn, code, (code != null ? code : e.getClass().getSimpleName()) + ": " + e.getMessage());
    }

    /**
     * @param secretArn the secret that could not be read
     * @param errorCode the Secrets Manager error code ({@code AccessDeniedException},
     *     {@code ResourceNotFoundException}, ...), or null when no answer came (network)
     * @param detail what went wrong, for the message
     * @return the exception to throw, naming the secret, the error and the remedy
     */
    public static SecretUnreadableException of(String secretArn, String errorCode, String detail) {
        String remedy;
        if (errorCode == null) {
            remedy = "The handler did not reach Secrets Manager: give its subnets a NAT route or an interface "
                    + "VPC endpoint for Secrets Manager";
        } else if (errorCode.contains("AccessDenied")) {
            remedy = "Let the handler's role call secretsmanager:GetSecretValue on the secret (and kms:Decrypt on "
                    + "its key)";
        } else if (errorCode.contains("ResourceNotFound")) {
            remedy = "The secret does not exist (deleted, or another ARN): restore it or point adminSecret at "
                    + "the secret of the master user";
        } else if (errorCode.contains("Decryption")) {
            remedy = "Let the handler's role use the secret's KMS key (kms:Decrypt)";
        } else {
            remedy = "Check the secret and the handler's permissions on it";
        }
        return new SecretUnreadableException("Could not read the admin secret " + secretArn + ": " + detail + ". "
                + remedy + ".");
    }
}

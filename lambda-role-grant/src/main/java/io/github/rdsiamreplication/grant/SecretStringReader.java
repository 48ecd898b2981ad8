package io.github.rdsiamreplication.grant;

import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/**
 * Reads a secret's {@code SecretString} with Secrets Manager's GetSecretValue through the AWS SDK, which
 * resolves the endpoint for any region and partition (no per-region table, no layer). Throttling and server
 * errors are retried by the SDK (standard retry mode: 3 attempts); a refusal (access denied, not found, KMS)
 * is not. Every failure becomes a {@link SecretUnreadableException} naming the secret and the remedy, never
 * its value.
 */
public final class SecretStringReader {
    private final SecretsManagerClient client;

    /** @param client the Secrets Manager client to read with */
    public SecretStringReader(SecretsManagerClient client) {
        this.client = client;
    }

    /**
     * The client as Lambda runs it: the region in {@code AWS_REGION} and the credentials in
     * {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY} and {@code AWS_SESSION_TOKEN}, all of which Lambda
     * sets (naming them saves the SDK's default chains, which read profile files and set up container and
     * instance-metadata providers on every cold start), the JDK's HTTP client, standard retries. The SDK's own
     * endpoint settings apply, such as {@code AWS_ENDPOINT_URL_SECRETS_MANAGER} (how the tests point it at a
     * local endpoint).
     *
     * @return the reader; build it once per container (it holds the HTTP client)
     * @throws IllegalStateException when {@code AWS_REGION} is not set (not in Lambda)
     * @throws software.amazon.awssdk.core.exception.SdkClientException when the credential variables are not set
     */
    public static SecretStringReader fromEnvironment() {
        String region = System.getenv("AWS_REGION");
        if (region == null || region.isBlank()) {
            throw new IllegalStateException("AWS_REGION is not set: Lambda sets it, and the handler reads the "
                    + "secrets from Secrets Manager in that region; set it (and the AWS credential variables) to run "
                    + "the handler outside Lambda");
        }
        EnvironmentVariableCredentialsProvider credentials = EnvironmentVariableCredentialsProvider.create();
        credentials.resolveCredentials(); // fails here, naming the variables, rather than as a failed call
        return new SecretStringReader(SecretsManagerClient.builder()
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD))
                .build());
    }

    /**
     * @param secretId the secret's ARN or name
     * @param what what the secret is, for messages ({@link SecretUnreadableException#ADMIN_SECRET} or
     *     {@link SecretUnreadableException#ALLOW_LIST_SECRET})
     * @return its {@code SecretString}, or {@code null} when it only has a {@code SecretBinary}
     * @throws SecretUnreadableException when Secrets Manager refuses (access denied, not found, KMS), cannot be
     *     reached, or still throttles after the SDK's retries: never forgiven, not even on Delete (without the
     *     secret nothing can be undone)
     */
    public String secretString(String secretId, String what) {
        try {
            return client.getSecretValue(request -> request.secretId(secretId)).secretString();
        } catch (SecretsManagerException e) {
            // The service's error code and message name the secret and the caller, never the value.
            AwsErrorDetails details = e.awsErrorDetails();
            String code = details == null || details.errorCode() == null ? "HTTP " + e.statusCode()
                    : details.errorCode();
            String message = details == null || details.errorMessage() == null ? "" : ": " + details.errorMessage();
            throw SecretUnreadableException.of(what, secretId, code + message,
                    "Secrets Manager refused GetSecretValue (" + code + message + ")");
        } catch (SdkClientException e) {
            throw SecretUnreadableException.of(what, secretId, null, "Secrets Manager did not answer ("
                    + networkCause(e) + ")");
        }
    }

    /**
     * The network error under an SDK client error ({@code java.net}, {@code javax.net.ssl}: connect, DNS, TLS,
     * timeouts), for the message; never the SDK's own text or a parser's, which for an answer that could not be
     * read could quote that answer, and so the secret.
     */
    private static String networkCause(Throwable e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            String where = cause.getClass().getPackageName();
            if (where.equals("java.net") || where.equals("javax.net.ssl")) {
                return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
            }
        }
        return e.getClass().getSimpleName();
    }
}

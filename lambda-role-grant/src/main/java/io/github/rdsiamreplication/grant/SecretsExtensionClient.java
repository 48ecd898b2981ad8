package io.github.rdsiamreplication.grant;

import io.github.rdsiamreplication.contract.Backoff;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a secret's {@code SecretString} from the AWS Parameters and Secrets Lambda Extension, the AWS
 * layer that serves Secrets Manager's GetSecretValue on {@code localhost} with the function's own
 * credentials: {@code GET /secretsmanager/get?secretId=...} with the header
 * {@code X-Aws-Parameters-Secrets-Token} set to the function's session token.
 *
 * <p>Throttling (429), server errors (5xx) and "not ready" answers are retried a few times with a doubling
 * pause; a refusal (any other 4xx: not found, access denied, KMS, deleted) is not.
 *
 * <p>The JDK's {@link HttpURLConnection}, not {@code java.net.http.HttpClient}: the latter sets up the
 * default TLS context and a selector thread when built, which measured 0.5 s or more of a cold start for
 * one plain-HTTP request on localhost.
 */
public final class SecretsExtensionClient {
    /** The extension's port when {@code PARAMETERS_SECRETS_EXTENSION_HTTP_PORT} is not set. */
    public static final int DEFAULT_PORT = 2773;
    /** The header that carries the session token. */
    static final String TOKEN_HEADER = "X-Aws-Parameters-Secrets-Token";
    /** Attempts per read, the first included. */
    static final int ATTEMPTS = 5;
    /** How long connecting to the extension on localhost may take. */
    static final int CONNECT_TIMEOUT_MILLIS = 2_000;
    /** How long one answer may take: the extension itself waits on Secrets Manager. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** The longest part of an error body quoted in a message (it holds no secret value, only the error). */
    private static final int QUOTED_BODY_CHARS = 300;

    private final URI base;
    private final String token;
    private final Duration firstPause;

    /**
     * @param base the extension's address, e.g. {@code http://localhost:2773}
     * @param token the function's session token ({@code AWS_SESSION_TOKEN})
     * @param firstPause the pause before the first retry; it doubles for each further one
     */
    public SecretsExtensionClient(URI base, String token, Duration firstPause) {
        this.base = base;
        this.token = token;
        this.firstPause = firstPause;
    }

    /**
     * The extension as the Lambda environment sets it up: port from
     * {@code PARAMETERS_SECRETS_EXTENSION_HTTP_PORT} (default 2773), token from {@code AWS_SESSION_TOKEN},
     * first retry pause 200 ms.
     *
     * @return the client
     * @throws IllegalStateException when {@code AWS_SESSION_TOKEN} is not set (not in Lambda)
     */
    public static SecretsExtensionClient fromEnvironment() {
        String token = System.getenv("AWS_SESSION_TOKEN");
        if (token == null || token.isEmpty()) {
            throw new IllegalStateException("AWS_SESSION_TOKEN is not set: the handler reads the admin secret "
                    + "through the AWS Parameters and Secrets Lambda Extension, which needs the function's session "
                    + "token. Run the handler in Lambda (or set the variable when running it locally).");
        }
        String port = System.getenv("PARAMETERS_SECRETS_EXTENSION_HTTP_PORT");
        return new SecretsExtensionClient(URI.create("http://localhost:"
                + (port == null || port.isBlank() ? String.valueOf(DEFAULT_PORT) : port.trim())),
                token, Duration.ofMillis(200));
    }

    /**
     * @param secretId the secret's ARN or name
     * @return its {@code SecretString}, or {@code null} when it only has a {@code SecretBinary}
     * @throws SecretUnreadableException when the extension answers with a refusal (4xx other than 429),
     *         cannot be reached, or still throttles or fails after {@value #ATTEMPTS} attempts: never forgiven,
     *         not even on Delete (without the secret nothing can be undone)
     */
    public String secretString(String secretId) {
        return secretString(secretId, SecretUnreadableException.ADMIN_SECRET);
    }

    /**
     * @param secretId the secret's ARN or name
     * @param what what the secret is, for messages ({@link SecretUnreadableException#ADMIN_SECRET} or
     *     {@link SecretUnreadableException#ALLOW_LIST_SECRET})
     * @return its {@code SecretString}, or {@code null} when it only has a {@code SecretBinary}
     * @throws SecretUnreadableException as {@link #secretString(String)}, naming {@code what}
     */
    public String secretString(String secretId, String what) {
        URL url = url(secretId);
        String lastProblem = "";
        // Doubling pauses, uncapped within the few attempts: the last is firstPause * 2^(ATTEMPTS - 2).
        Backoff pauses = Backoff.doubling(firstPause, firstPause.multipliedBy(1L << (ATTEMPTS - 2)));
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            if (attempt > 1) {
                sleep(pauses.next());
            }
            int status;
            String body;
            try {
                HttpURLConnection connection = (HttpURLConnection) url.openConnection(Proxy.NO_PROXY);
                connection.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
                connection.setReadTimeout((int) REQUEST_TIMEOUT.toMillis());
                connection.setRequestProperty(TOKEN_HEADER, token);
                // Two requests per event (allow-list, admin secret): no keep-alive cache (and its timer thread) to set up.
                connection.setRequestProperty("Connection", "close");
                status = connection.getResponseCode();
                body = read(status < 400 ? connection.getInputStream() : connection.getErrorStream());
                connection.disconnect();
            } catch (IOException e) {
                throw SecretUnreadableException.of(what, secretId, SecretUnreadableException.EXTENSION_UNREACHABLE,
                        "the AWS Parameters and Secrets Lambda Extension at " + base + " did not answer ("
                        + e.getClass().getSimpleName() + ")");
            }
            if (status == 200) {
                return secretStringOf(body, secretId, what);
            }
            lastProblem = "HTTP " + status + ": " + quote(body);
            if (!retryable(status, body)) {
                // The extension's refusal carries Secrets Manager's error (AccessDenied..., ResourceNotFound...)
                // in its body when it has one; the message names it and the remedy.
                throw SecretUnreadableException.of(what, secretId, lastProblem, "the extension refused it ("
                        + lastProblem + ")");
            }
        }
        throw SecretUnreadableException.of(what, secretId, null, "the AWS Parameters and Secrets Lambda Extension did "
                + "not give it after " + ATTEMPTS + " attempts (last: " + lastProblem + "); Secrets Manager throttled "
                + "or failed");
    }

    private URL url(String secretId) {
        try {
            return base.resolve("/secretsmanager/get?secretId=" + URLEncoder.encode(secretId, StandardCharsets.UTF_8))
                    .toURL();
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("Not a usable extension address: " + base, e);
        }
    }

    private static String read(InputStream in) throws IOException {
        if (in == null) {
            return "";
        }
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Throttled, failed on the server side, or the extension still starting. */
    private static boolean retryable(int status, String body) {
        return status == 429 || status >= 500
                || body != null && body.toLowerCase(Locale.ROOT).contains("not ready to serve traffic");
    }

    private static String secretStringOf(String body, String secretId, String what) {
        try {
            return JsonValues.stringMembers(body, Set.of("SecretString")).get("SecretString");
        } catch (IOException | RuntimeException e) {
            // The body holds the secret: neither it nor the parser's message (which may quote it) goes on.
            throw new IllegalStateException("The AWS Parameters and Secrets Lambda Extension answered for the "
                    + what + " " + secretId + " with something other than GetSecretValue JSON");
        }
    }

    private static String quote(String body) {
        if (body == null || body.isBlank()) {
            return "(no body)";
        }
        String oneLine = body.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= QUOTED_BODY_CHARS ? oneLine : oneLine.substring(0, QUOTED_BODY_CHARS) + "...";
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnreachableException("Interrupted while waiting to retry a secret read");
        }
    }
}

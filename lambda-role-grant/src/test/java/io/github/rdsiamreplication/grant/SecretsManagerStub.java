package io.github.rdsiamreplication.grant;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * A local endpoint speaking Secrets Manager's wire protocol (AWS JSON 1.1) for the real SDK client:
 * {@code POST /} with {@code X-Amz-Target: secretsmanager.GetSecretValue}, a SigV4 {@code Authorization}
 * header scoped to {@code secretsmanager}, a JSON body naming {@code SecretId}; the GetSecretValue JSON back,
 * or HTTP 400 with the service's error shape {@code {"__type": "...", "message": "..."}}. Holds any number of
 * secrets, each served, refused as IAM or KMS would refuse it, missing or throttled; counts the reads.
 */
final class SecretsManagerStub implements AutoCloseable {
    /** The region the clients of this stand-in sign for. */
    static final String REGION = "us-east-1";
    /** The access key the clients of this stand-in sign with (any key is accepted; reads record it). */
    static final String ACCESS_KEY_ID = "AKIDLOCALSTUB";
    private static final String TARGET = "secretsmanager.GetSecretValue";
    private static final String JSON_1_1 = "application/x-amz-json-1.1";
    private static final Pattern CREDENTIAL = Pattern.compile(
            "^AWS4-HMAC-SHA256 Credential=([^/]+)/\\d{8}/([a-z0-9-]+)/secretsmanager/aws4_request, .*Signature=[0-9a-f]{64}$");

    /** How the stand-in treats reads of one secret. */
    private enum Mode { SERVE, ACCESS_DENIED, KMS_DENIED, THROTTLED }

    private static final class Entry {
        volatile String value;
        volatile Mode mode = Mode.SERVE;
        final AtomicInteger throttlesLeft = new AtomicInteger();
    }

    /** One GetSecretValue as it arrived: the secret asked for, who signed it and for which region. */
    record Read(String secretId, String accessKeyId, String region) {
    }

    private final HttpServer server;
    private final Map<String, Entry> secrets = new ConcurrentHashMap<>();
    private final List<Read> reads = new ArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();

    SecretsManagerStub() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("could not start the Secrets Manager stand-in", e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    /** @return the endpoint URL, as {@code AWS_ENDPOINT_URL_SECRETS_MANAGER} takes it */
    String endpoint() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    /**
     * @return what a fresh JVM needs to read from this stand-in with the SDK's defaults: region, credentials
     *     and the SDK's standard endpoint override for Secrets Manager
     */
    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_REGION", REGION);
        env.put("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID);
        env.put("AWS_SECRET_ACCESS_KEY", "local-secret-key");
        env.put("AWS_SESSION_TOKEN", "local-session-token");
        env.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", endpoint());
        return env;
    }

    /** @return the real SDK client pointed at this stand-in, signing for {@code region} */
    SecretsManagerClient sdkClient(String region) {
        return SecretsManagerClient.builder().endpointOverride(URI.create(endpoint()))
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(ACCESS_KEY_ID, "local-secret-key")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD))
                .build();
    }

    /** @return the handler's reader over the real SDK client pointed at this stand-in */
    SecretStringReader client() {
        return new SecretStringReader(sdkClient(REGION));
    }

    /** Serves {@code secretString} for {@code arn} (and lifts any refusal). */
    void secret(String arn, String secretString) {
        Entry entry = entry(arn);
        entry.value = secretString;
        entry.mode = Mode.SERVE;
    }

    /** Sets the admin secret of the RDS-like test servers. */
    void adminSecret(String arn) {
        secret(arn, "{\"username\":" + json(PostgresServers.ADMIN) + ",\"password\":"
                + json(PostgresServers.ADMIN_PASSWORD) + ",\"engine\":\"postgres\",\"port\":5432}");
    }

    /** Forgets {@code arn}: reads get ResourceNotFoundException. */
    void missing(String arn) {
        secrets.remove(arn);
    }

    /** Refuses reads of {@code arn} as IAM refuses a caller without secretsmanager:GetSecretValue on it. */
    void accessDenied(String arn) {
        entry(arn).mode = Mode.ACCESS_DENIED;
    }

    /** Refuses reads of {@code arn} as Secrets Manager does when the caller may not use the secret's KMS key. */
    void kmsDenied(String arn) {
        entry(arn).mode = Mode.KMS_DENIED;
    }

    /** Serves {@code arn} again after {@link #accessDenied} or {@link #kmsDenied}. */
    void allow(String arn) {
        entry(arn).mode = Mode.SERVE;
    }

    /** Throttles {@code arn} {@code times} times, then serves {@code secretString}. */
    void throttledThen(String arn, int times, String secretString) {
        secret(arn, secretString);
        entry(arn).throttlesLeft.set(times);
    }

    /** Throttles every read of {@code arn}. */
    void alwaysThrottled(String arn) {
        entry(arn).mode = Mode.THROTTLED;
    }

    /** @return how many GetSecretValue calls named {@code arn}, whatever the answer */
    int reads(String arn) {
        synchronized (reads) {
            return (int) reads.stream().filter(r -> r.secretId().equals(arn)).count();
        }
    }

    /** @return every GetSecretValue call so far, in order */
    List<Read> readLog() {
        synchronized (reads) {
            return List.copyOf(reads);
        }
    }

    /** @return how many requests of any kind arrived (whatever their target, secret or signature) */
    int requests() {
        return requests.get();
    }

    private Entry entry(String arn) {
        return secrets.computeIfAbsent(arn, k -> new Entry());
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            Matcher signed = auth == null ? null : CREDENTIAL.matcher(auth);
            if (signed == null || !signed.matches()) {
                respond(exchange, 400, error("IncompleteSignatureException", "Authorization header requires a "
                        + "SigV4 signature for secretsmanager"));
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod()) || !"/".equals(exchange.getRequestURI().getPath())
                    || !TARGET.equals(exchange.getRequestHeaders().getFirst("X-Amz-Target"))
                    || !String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")).startsWith(JSON_1_1)) {
                respond(exchange, 400, error("UnknownOperationException", "only GetSecretValue is served here"));
                return;
            }
            JsonNode secretId = JsonNode.parser().parse(body).field("SecretId").orElse(null);
            if (secretId == null || !secretId.isString()) {
                respond(exchange, 400, error("ValidationException", "SecretId is required"));
                return;
            }
            String arn = secretId.asString();
            synchronized (reads) {
                reads.add(new Read(arn, signed.group(1), signed.group(2)));
            }
            respond(exchange, answer(arn, signed.group(1)));
        }
    }

    /** An answer: HTTP status and JSON body. */
    private record Answer(int status, String json) {
    }

    private Answer answer(String arn, String caller) {
        Entry entry = secrets.get(arn);
        if (entry == null || entry.value == null && entry.mode == Mode.SERVE) {
            return new Answer(400, error("ResourceNotFoundException", "Secrets Manager can't find the specified secret."));
        }
        switch (entry.mode) {
            case ACCESS_DENIED:
                return new Answer(400, error("AccessDeniedException", "User: arn:aws:sts::123456789012:assumed-role/"
                        + caller + "/handler is not authorized to perform: secretsmanager:GetSecretValue on resource: "
                        + arn + " because no identity-based policy allows the secretsmanager:GetSecretValue action"));
            case KMS_DENIED:
                return new Answer(400, error("AccessDeniedException", "Access to KMS is not allowed"));
            case THROTTLED:
                return new Answer(400, error("ThrottlingException", "Rate exceeded"));
            default:
                if (entry.throttlesLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    return new Answer(400, error("ThrottlingException", "Rate exceeded"));
                }
                return new Answer(200, "{\"ARN\":" + json(arn) + ",\"CreatedDate\":1.7672256E9,\"Name\":\"secret\","
                        + "\"SecretString\":" + json(entry.value) + ",\"VersionId\":\"6b9b6c4e-0000-4000-8000-000000000001\","
                        + "\"VersionStages\":[\"AWSCURRENT\"]}");
        }
    }

    private static String error(String type, String message) {
        return "{\"__type\":" + json(type) + ",\"message\":" + json(message) + "}";
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        respond(exchange, new Answer(status, json));
    }

    private static void respond(HttpExchange exchange, Answer answer) throws IOException {
        byte[] bytes = answer.json().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", JSON_1_1);
        exchange.getResponseHeaders().set("x-amzn-RequestId", "00000000-0000-4000-8000-000000000000");
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static String json(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

package io.github.rdsiamreplication.grant;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.net.URI;
import java.time.Duration;

/**
 * Secrets Manager as a Lambda with the AWS Parameters and Secrets Lambda Extension sees it: a local HTTP
 * server answering {@code GET /secretsmanager/get?secretId=...} (only with the session token in
 * {@code X-Aws-Parameters-Secrets-Token}) with the GetSecretValue JSON, and errors as HTTP 400 with the
 * service's error JSON, throttling as 429.
 */
final class SecretsManagerStub implements AutoCloseable {
    /** The session token the handler must present (what Lambda puts in AWS_SESSION_TOKEN). */
    static final String SESSION_TOKEN = "local-session-token";
    private static final String PATH = "/secretsmanager/get";

    private final WireMockServer server = new WireMockServer(options().dynamicPort());

    SecretsManagerStub() {
        server.start();
        // Without the token the extension refuses; the more specific stubs below take precedence.
        server.stubFor(get(urlPathEqualTo(PATH)).atPriority(10).willReturn(aResponse().withStatus(401)
                .withBody("missing or invalid X-Aws-Parameters-Secrets-Token")));
    }

    String endpoint() {
        return "http://localhost:" + server.port();
    }

    /** @return the port, for PARAMETERS_SECRETS_EXTENSION_HTTP_PORT */
    int port() {
        return server.port();
    }

    /** Answers GetSecretValue for {@code arn} with {@code secretString}. */
    void secret(String arn, String secretString) {
        server.stubFor(request(arn).willReturn(found(arn, secretString)));
    }

    /** Answers for {@code arn} like the extension relays Secrets Manager's answer for a missing secret. */
    void missing(String arn) {
        server.stubFor(request(arn).willReturn(error(400, "ResourceNotFoundException",
                "Secrets Manager can't find the specified secret.")));
    }

    /** Answers for {@code arn} like the extension relays an IAM refusal. */
    void accessDenied(String arn) {
        server.stubFor(request(arn).willReturn(error(400, "AccessDeniedException",
                "User: arn:aws:sts::123456789012:assumed-role/handler is not authorized to perform: "
                        + "secretsmanager:GetSecretValue on resource: " + arn)));
    }

    /** Throttles {@code arn} {@code times} times, then answers with {@code secretString}. */
    void throttledThen(String arn, int times, String secretString) {
        String scenario = "throttle " + arn;
        for (int i = 0; i < times; i++) {
            server.stubFor(request(arn).inScenario(scenario)
                    .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "throttled " + i)
                    .willSetStateTo("throttled " + (i + 1))
                    .willReturn(error(429, "ThrottlingException", "Rate exceeded")));
        }
        server.stubFor(request(arn).inScenario(scenario).whenScenarioStateIs("throttled " + times)
                .willReturn(found(arn, secretString)));
    }

    /** Throttles every read of {@code arn}. */
    void alwaysThrottled(String arn) {
        server.stubFor(request(arn).willReturn(error(429, "ThrottlingException", "Rate exceeded")));
    }

    /** Sets the admin secret of the RDS-like test servers. */
    void adminSecret(String arn) {
        secret(arn, "{\"username\":" + json(PostgresServers.ADMIN) + ",\"password\":"
                + json(PostgresServers.ADMIN_PASSWORD) + ",\"engine\":\"postgres\",\"port\":5432}");
    }

    /** @return how many reads of {@code arn} arrived with the right token */
    int reads(String arn) {
        return server.countRequestsMatching(readOf(arn).build()).getCount();
    }

    /** @return how many requests of any kind arrived (whatever their path, secret or token) */
    int requests() {
        return server.countRequestsMatching(RequestPatternBuilder.allRequests().build()).getCount();
    }

    /** @return a client for this stand-in, with retry pauses short enough for tests */
    SecretsExtensionClient client() {
        return new SecretsExtensionClient(URI.create(endpoint()), SESSION_TOKEN, Duration.ofMillis(5));
    }

    /** @return a client that presents a wrong token */
    SecretsExtensionClient clientWithToken(String token) {
        return new SecretsExtensionClient(URI.create(endpoint()), token, Duration.ofMillis(5));
    }

    private static MappingBuilder request(String arn) {
        return get(urlPathEqualTo(PATH)).atPriority(1).withQueryParam("secretId", equalTo(arn))
                .withHeader(SecretsExtensionClient.TOKEN_HEADER, equalTo(SESSION_TOKEN));
    }

    private static RequestPatternBuilder readOf(String arn) {
        return getRequestedFor(urlPathEqualTo(PATH)).withQueryParam("secretId", equalTo(arn))
                .withHeader(SecretsExtensionClient.TOKEN_HEADER, equalTo(SESSION_TOKEN));
    }

    private static ResponseDefinitionBuilder found(String arn, String secretString) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"ARN\":" + json(arn) + ",\"CreatedDate\":\"2026-01-01T00:00:00Z\",\"Name\":\"admin\","
                        + "\"SecretBinary\":null,\"SecretString\":" + json(secretString)
                        + ",\"VersionId\":\"6b9b6c4e-0000-4000-8000-000000000001\","
                        + "\"VersionStages\":[\"AWSCURRENT\"],\"ResultMetadata\":{}}");
    }

    private static ResponseDefinitionBuilder error(int status, String type, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("{\"__type\":" + json(type) + ",\"message\":" + json(message) + "}");
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
        server.stop();
    }
}

package io.github.rdsiamreplication.grant;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * A local HTTP endpoint that speaks the Secrets Manager JSON 1.1 protocol (as recorded in the API
 * reference), for the real SDK client to call through its endpoint override.
 */
final class SecretsManagerStub implements AutoCloseable {
    private static final String TARGET = "X-Amz-Target";

    private final WireMockServer server = new WireMockServer(options().dynamicPort());

    SecretsManagerStub() {
        server.start();
    }

    String endpoint() {
        return "http://localhost:" + server.port();
    }

    /** Answers GetSecretValue for {@code arn} with {@code secretString}. */
    void secret(String arn, String secretString) {
        String body = "{\"ARN\":" + json(arn) + ",\"Name\":\"admin\",\"SecretString\":" + json(secretString)
                + ",\"VersionId\":\"6b9b6c4e-0000-4000-8000-000000000001\",\"VersionStages\":[\"AWSCURRENT\"],"
                + "\"CreatedDate\":1.767225600E9}";
        server.stubFor(post(urlEqualTo("/")).withHeader(TARGET, equalTo("secretsmanager.GetSecretValue"))
                .withRequestBody(equalToJson("{\"SecretId\":" + json(arn) + "}"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody(body)));
    }

    /** Answers GetSecretValue for {@code arn} like Secrets Manager does for a secret that does not exist. */
    void missing(String arn) {
        server.stubFor(post(urlEqualTo("/")).withHeader(TARGET, equalTo("secretsmanager.GetSecretValue"))
                .withRequestBody(equalToJson("{\"SecretId\":" + json(arn) + "}"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"__type\":\"ResourceNotFoundException\","
                                + "\"Message\":\"Secrets Manager can't find the specified secret.\"}")));
    }

    /** Answers GetSecretValue for {@code arn} like Secrets Manager does when the caller may not read it. */
    void accessDenied(String arn) {
        server.stubFor(post(urlEqualTo("/")).withHeader(TARGET, equalTo("secretsmanager.GetSecretValue"))
                .withRequestBody(equalToJson("{\"SecretId\":" + json(arn) + "}"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"__type\":\"AccessDeniedException\",\"Message\":\"User is not authorized to "
                                + "perform: secretsmanager:GetSecretValue\"}")));
    }

    /** Sets the admin secret of the RDS-like test servers. */
    void adminSecret(String arn) {
        secret(arn, "{\"username\":" + json(PostgresServers.ADMIN) + ",\"password\":"
                + json(PostgresServers.ADMIN_PASSWORD) + ",\"engine\":\"postgres\",\"port\":5432}");
    }

    SecretsManagerClient client() {
        return SecretsManagerClient.builder()
                .endpointOverride(URI.create(endpoint()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
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

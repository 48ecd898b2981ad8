package io.github.rdsiamreplication.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.rdsiamreplication.lambdakit.LocalContext;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * How the handler treats the two kinds of secret-read failure on Delete: a refusal (not found, access
 * denied) fails the Delete loudly, because grants would stay behind unseen; so does a Secrets Manager that
 * cannot be reached at all: no answer from it is no proof that the database is gone. The secret is read before any
 * connection, so no database is needed here: nothing listens on the port in the event.
 */
class SecretReadOnDeleteTest {
    private static SecretsManagerStub secrets;
    private static int closedPort;

    @BeforeAll
    static void start() throws IOException {
        secrets = new SecretsManagerStub();
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
    }

    @AfterAll
    static void stop() {
        secrets.close();
    }

    private static RoleGrantHandler handler(SecretStringReader client) {
        return new RoleGrantHandler(() -> TestTargets.of(deleteEvent()), () -> Events.ID_KEY,
                () -> new AdminSecretReader(client),
                p -> new ConnectionSettings(p.host(), p.port(), p.database(), p.sslMode(), null),
                DatabaseConnector.PGJDBC, Clock.systemUTC());
    }

    private static Map<String, Object> deleteEvent() {
        Map<String, Object> props = Events.properties(closedPort, List.of("debezium"));
        return Events.delete("Grants", Events.physicalId("Grants", props), props);
    }

    @Test
    void aDeleteWhoseSecretIsGoneFailsLoudlyNamingTheSecret() {
        secrets.missing(Events.SECRET_ARN);

        assertThatThrownBy(() -> handler(secrets.client()).handleRequest(deleteEvent(), LocalContext.recording()))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("Delete failed")
                .hasMessageContaining(Events.SECRET_ARN).hasMessageContaining("ResourceNotFoundException")
                .hasMessageContaining("RemovalPolicy.RETAIN");
    }

    @Test
    void aDeleteThatCannotReachSecretsManagerFailsLoudly() {
        // No answer from Secrets Manager is no proof that the database is gone: the grants could not be
        // undone, so the Delete fails with the remedy instead of leaving LOGIN roles with rds_iam behind.
        SecretStringReader nobody = new SecretStringReader(SecretsManagerClient.builder()
                .endpointOverride(URI.create("http://localhost:" + closedPort)).region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .httpClient(UrlConnectionHttpClient.create()).build());

        assertThatThrownBy(() -> handler(nobody).handleRequest(deleteEvent(), LocalContext.recording()))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("Delete failed")
                .hasMessageContaining(Events.SECRET_ARN).hasMessageContaining("did not reach Secrets Manager");
    }
}
